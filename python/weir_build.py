"""A PEP 517 build backend for the weir package: writes a pure-Python wheel of weir/ with zipfile, needing no other package."""
import base64
import hashlib
import os
import zipfile

NAME, VERSION = "weir", "0.1.0"
HERE = os.path.dirname(os.path.abspath(__file__))
DIST_INFO = "%s-%s.dist-info" % (NAME, VERSION)
METADATA = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: An embeddable streaming SQL engine (libweir) "
            "for Python\nRequires-Python: >=3.8\nProvides-Extra: pandas\nRequires-Dist: pandas; extra == \"pandas\"\n"
            % (NAME, VERSION))
WHEEL = "Wheel-Version: 1.0\nGenerator: weir_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _files():
    """(path in the wheel, bytes) for every module of the package (and a libweir.so placed next to it, if any)."""
    package = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(package)):
        if name.endswith(".py") or name.startswith("libweir.so"):
            with open(os.path.join(package, name), "rb") as source:
                yield "%s/%s" % (NAME, name), source.read()


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _write_wheel(wheel_directory, entries):
    wheel_name = "%s-%s-py3-none-any.whl" % (NAME, VERSION)
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in entries:
            wheel.writestr(path, data)
            record.append("%s,%s,%d" % (path, _digest(data), len(data)))
        record.append("%s/RECORD,," % DIST_INFO)
        wheel.writestr("%s/RECORD" % DIST_INFO, "\n".join(record) + "\n")
    return wheel_name


def _metadata_entries():
    return [("%s/METADATA" % DIST_INFO, METADATA.encode()), ("%s/WHEEL" % DIST_INFO, WHEEL.encode())]


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    folder = os.path.join(metadata_directory, DIST_INFO)
    os.makedirs(folder, exist_ok=True)
    for path, data in _metadata_entries():
        with open(os.path.join(metadata_directory, path), "wb") as out:
            out.write(data)
    return DIST_INFO


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, list(_files()) + _metadata_entries())
