"""The Streamlit side of the Upskilling ROI Explorer.

Everything here may import streamlit; ``roi_core`` never does. One subpackage
per part of the app: ``common`` (what every page uses: texts, formats, charts,
cached results, the widgets' state and the share link), ``sidebar`` (the
assumption panel), ``sensitivity``, ``compare``, ``evidence``, ``programme``,
``kpi`` (the pages' parts), ``rooms`` (workshop rooms) and ``exports`` (files,
the report, the Share page). ``locales`` holds the texts, ``assets`` the icon.
"""
