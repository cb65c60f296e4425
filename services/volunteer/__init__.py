"""Volunteer points service (志愿积分): activities, hours, the points ledger and store."""
