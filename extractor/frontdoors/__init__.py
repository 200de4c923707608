"""The front doors: the ways a user reaches the pipeline.

``cli`` is the ``extractor`` command (``python -m extractor``); ``serve`` is the HTTP API
(``extractor serve``) and ``serve_pool`` its worker processes; ``evaluate`` scores records
against gold records for ``extractor evaluate``. Only these modules print, choose exit codes
or speak HTTP; everything else is a library call.
"""
