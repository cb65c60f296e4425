"""Contract of the volunteer service (志愿积分), version 1.

RPC methods: ``health()`` (no tenant). Domain methods arrive with the service's issue.
"""
SERVICE = "volunteer"
VERSION = 1
