from motcua.dossiers.tests.conftest import signing_pki, world  # noqa: F401  (the dossier test world)
