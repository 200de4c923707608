"""Reading and writing: documents in, records out, whatever happens in between.

``inputs`` turns files, folders, archives and dumps into documents; ``batch`` streams them
through the pipeline into a records file and a dead-letter file, in worker processes
(``workers``) or on a Dask cluster (``dask_engine``); ``formats`` writes records as JSON Lines,
JSON-LD or CSV; ``review`` renders the HTML review page; ``faults`` injects failures for tests.
"""
