"""What leaves the app: files (export), the HTML report (report, svg) and the Share page's parts (share, qr)."""
