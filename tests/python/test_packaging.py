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


def test_the_readme_example_prints_what_it_says(tmp_path):
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
        text = readme.read()
    section = text[text.index("\n## Python\n"):]
    block = section[section.index("```python\n") + 10:section.index("\n```", section.index("```python\n"))]
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    done = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    promised = [line[2:] for line in block.splitlines() if line.startswith("# ")]  # the output the comments show
    assert done.stdout.splitlines() == ["('Oslo', 4.5)"] + promised


def test_notebook_demo_runs(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    done = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "notebook_demo.py")], capture_output=True,
                          text=True, env=env, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "48 windows from 200000 readings" in done.stdout
