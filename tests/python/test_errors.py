"""Errors: classes chosen from the result code and the engine's one sentence, kept whole; the library lookup."""
import os
import subprocess
import sys

import pytest

import weir
from conftest import ROOT


def test_syntax_error_names_line_and_column(con):
    with pytest.raises(weir.SyntaxError) as caught:
        con.sql("SELECT 1 +")
    assert str(caught.value) == "syntax error at line 1, column 11: expected an expression but found end of input"
    assert isinstance(caught.value, weir.ProgrammingError) and isinstance(caught.value, weir.Error)
    assert caught.value.code == 1


def test_unknown_source(con):
    with pytest.raises(weir.NotFoundError, match=r"^no source or view named `nope`; SHOW SOURCES and SHOW VIEWS list them$"):
        con.sql("SELECT * FROM nope")
    with pytest.raises(weir.NotFoundError, match=r"^no source named `nope`$"):
        con.push("nope", [{"v": 1}])


def test_a_value_that_does_not_convert_fails_the_query_when_read(con):
    q = con.sql("SELECT CAST('abc' AS BIGINT)")
    with pytest.raises(weir.DataError, match=r"^could not convert 'abc' to BIGINT$"):
        q.fetchall()


def test_misuse(con):
    con.execute("CREATE SOURCE s (v BIGINT) WITH (connector = 'memory')")
    con.end("s")
    with pytest.raises(weir.MisuseError, match=r"^cannot push to memory source `s` after its end was signalled$"):
        con.push("s", [{"v": 1}])
    with pytest.raises(weir.MisuseError, match="sql\\(\\) runs one statement; use execute\\(\\) for a script"):
        con.sql("SELECT 1; SELECT 2")
    with pytest.raises(weir.MisuseError, match="^unknown engine option"):
        weir.connect(options={"no_such_option": "1"})
    assert isinstance(weir.MisuseError("x"), weir.InterfaceError)


def test_cursor_is_pep_249(con):
    assert weir.apilevel == "2.0" and weir.threadsafety == 2
    cursor = con.cursor()
    cursor.execute("SELECT 1 + 1 AS two, 'x' AS t")
    assert [d[:2] for d in cursor.description] == [("two", "BIGINT"), ("t", "TEXT")]
    assert cursor.fetchall() == [(2, "x")]
    assert cursor.description[0][1] == weir.NUMBER and cursor.description[1][1] == weir.STRING
    assert cursor.description[0][1] != weir.STRING
    con.commit()
    with pytest.raises(weir.NotSupportedError):
        cursor.execute("SELECT ?", (1,))
    cursor.close()


def run_import(env_library):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), WEIR_LIBRARY=env_library)
    return subprocess.run([sys.executable, "-c", "import weir; print(weir.library_path)"], capture_output=True,
                          text=True, env=env)


def test_weir_library_that_does_not_exist_is_one_import_error_sentence():
    done = run_import("/nonexistent/libweir.so")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "ImportError: WEIR_LIBRARY is set to '/nonexistent/libweir.so', which does not exist; point it at "
        "libweir.so (e.g. build/libweir.so) or unset it")


def test_weir_library_is_used_when_set():
    library = os.environ["WEIR_LIBRARY"]
    done = run_import(library)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == library


def test_arrow_without_pyarrow_says_what_to_do(con):
    pytest.importorskip("pandas")
    try:
        import pyarrow  # noqa: F401
        pytest.skip("pyarrow is installed")
    except ImportError:
        pass
    with pytest.raises(ImportError, match=r"^Result.arrow\(\) needs pyarrow, which is not installed; use df\(\)"):
        con.sql("SELECT 1").arrow()
