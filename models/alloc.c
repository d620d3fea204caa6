/* alloc.c - allocation lifetime */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

void allocation_free(allocation_t *a)
{
    if (!a)
        return;
    free(a->pl);
    if (a->res)
        for (int i = 0; i < a->ntr; i++)
            free(a->res[i].reason);
    free(a->res);
    free(a->order);
    memset(a, 0, sizeof *a);
}
