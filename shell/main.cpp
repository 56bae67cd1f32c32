// The `weir` command: REPL, -f FILE, -c SQL and SQL on stdin (placeholder).
int main() { return 0; }
