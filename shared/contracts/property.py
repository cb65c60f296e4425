"""Contract of the property service (红色物业), version 1.

RPC methods: ``health()`` (no tenant). Domain methods arrive with the service's issue.
"""
SERVICE = "property"
VERSION = 1
