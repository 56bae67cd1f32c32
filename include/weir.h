/* weir: an embeddable streaming SQL engine. The public C API (placeholder; filled in by the api work). */
#ifndef WEIR_H
#define WEIR_H
#define WEIR_VERSION "0.1.0"
#define WEIR_VERSION_NUMBER 1000
#endif
