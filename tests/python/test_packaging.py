"""Installing: `pip install ./python` offline in a fresh venv, and `cmake --install` putting the package beside libweir.so."""
import os
import subprocess
import sys

from conftest import ROOT

QUERY = "import weir; print(weir.connect().sql('SELECT 40 + 2').fetchall()[0][0], weir.library_path)"


def test_pip_install_in_a_venv_needs_no_network(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")  # any download would fail
    env.pop("PYTHONPATH", None)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", os.path.join(ROOT, "python")], check=True, env=env,
                   cwd=str(tmp_path))
    done = subprocess.run([str(venv / "bin" / "python"), "-c", QUERY], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "42"


def test_cmake_install_puts_the_package_above_which_it_finds_the_library(tmp_path):
    build = os.path.dirname(os.environ["WEIR_LIBRARY"])
    prefix = tmp_path / "prefix"
    for component in ("library", "python"):
        subprocess.run(["cmake", "--install", build, "--prefix", str(prefix), "--component", component], check=True,
                       stdout=subprocess.DEVNULL)
    env = {k: v for k, v in os.environ.items() if k not in ("WEIR_LIBRARY", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = str(prefix / "lib" / "python3" / "dist-packages")
    done = subprocess.run([sys.executable, "-c", QUERY], capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    answer, library = done.stdout.split()
    assert answer == "42" and library == str(prefix / "lib" / "libweir.so.0")
