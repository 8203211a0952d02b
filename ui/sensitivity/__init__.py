"""The Sensitivity page: analyses and link options, charts, the page's parts and the pilot's value of information."""
