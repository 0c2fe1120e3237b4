"""HTTP caching of the public pages: validators (ETag, Last-Modified), Cache-Control, 304s.

Not an app (no models). ``conditional`` has the helpers the public views use; ``version`` the
counter of the public content that the portal bumps whenever something the public sees changes.
"""
