// Checks JSON documents against a JSON Schema with ajv (draft 2020-12) in strict mode, as a
// JavaScript client of the contract does. Run by tests/test_ajv.py, with NODE_PATH set to the
// node_modules that `make test` installs (npm ci of tests/ajv/package-lock.json into .venv/ajv).
//
//   node check.cjs JOB.json
//
// JOB: {"schema": {...}, "documents": [any, ...]}. Prints {"compiled": true, "verdicts":
// [{"valid": bool, "errors": [...]}]} on standard output; a schema strict mode rejects is an
// error message on standard error and exit status 1.
"use strict";

const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// strict: true sets every strict-mode option (strictSchema, strictNumbers, strictTypes,
// strictTuples, strictRequired) to true; anything strict mode dislikes throws here.
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const warnings = [];
ajv.logger = { log: () => {}, warn: (...args) => warnings.push(args.join(" ")), error: (...args) => warnings.push(args.join(" ")) };

let validate;
try {
  validate = ajv.compile(job.schema);
} catch (error) {
  process.stderr.write(`ajv (strict mode) refuses the schema: ${error.message}\n`);
  process.exit(1);
}
if (warnings.length) {
  process.stderr.write(`ajv (strict mode) warns about the schema: ${warnings.join("; ")}\n`);
  process.exit(1);
}
const verdicts = job.documents.map((document) => {
  const valid = validate(document);
  return { valid, errors: valid ? [] : validate.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`) };
});
process.stdout.write(JSON.stringify({ compiled: true, verdicts }) + "\n");
