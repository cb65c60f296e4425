"""Settings fail at start-up with a readable line naming the bad variable."""
import os

import pytest

from shared.settings import DEV_JWT_SECRET, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("CIVICGRID_") or name == "AMQP_URI":
            monkeypatch.delenv(name)


def test_defaults_load():
    settings = load_settings()
    assert settings.env == "dev"
    assert settings.amqp_uri.startswith("amqp://")
    assert settings.jwt_secret == DEV_JWT_SECRET
    assert settings.service_database_url("grid").endswith("grid.sqlite")


def test_database_url_without_service_placeholder(monkeypatch):
    monkeypatch.setenv("CIVICGRID_DATABASE_URL", "sqlite:///one.sqlite")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "database_url" in str(info.value)
    assert "{service}" in str(info.value)


def test_bad_amqp_scheme(monkeypatch):
    monkeypatch.setenv("AMQP_URI", "http://guest:guest@127.0.0.1:5672/")
    with pytest.raises(SettingsError, match="AMQP_URI must start with amqp://"):
        load_settings()


def test_production_needs_jwt_config(monkeypatch):
    monkeypatch.setenv("CIVICGRID_ENV", "production")
    with pytest.raises(SettingsError, match="CIVICGRID_JWT_JWKS_URL or CIVICGRID_JWT_SECRET"):
        load_settings()


def test_production_refuses_dev_secret(monkeypatch):
    monkeypatch.setenv("CIVICGRID_ENV", "production")
    monkeypatch.setenv("CIVICGRID_JWT_SECRET", DEV_JWT_SECRET)
    with pytest.raises(SettingsError, match="development JWT secret"):
        load_settings()


def test_production_with_real_secret_loads(monkeypatch):
    monkeypatch.setenv("CIVICGRID_ENV", "production")
    monkeypatch.setenv("CIVICGRID_JWT_SECRET", "a-real-production-secret-of-enough-length")
    assert load_settings().jwt_secret == "a-real-production-secret-of-enough-length"


def test_service_database_url_rejects_unknown_service(monkeypatch):
    monkeypatch.setenv("CIVICGRID_DATABASE_URL", "postgresql+psycopg://app@db/cg_{service}")
    monkeypatch.setenv("CIVICGRID_MIGRATION_DATABASE_URL", "postgresql+psycopg://owner@db/cg_{service}")
    settings = load_settings()
    assert settings.service_database_url("dispatch") == "postgresql+psycopg://app@db/cg_dispatch"
    assert settings.service_database_url("dispatch", migrations=True) == "postgresql+psycopg://owner@db/cg_dispatch"
    with pytest.raises(ValueError, match="unknown service 'billing'"):
        settings.service_database_url("billing")
