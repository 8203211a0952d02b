"""The Streamlit side of the Upskilling ROI Explorer.

Everything here may import streamlit; ``roi_core`` never does. Modules by
concern: ``i18n`` (texts), ``format`` (numbers and money), ``state`` (URL and
session state), ``sidebar`` (the assumption panel), ``compute`` (cached
results), ``charts`` (chart data builders and Altair charts).
"""
