/* run.c - the CUnit runner: every suite of tests/unit/
 *
 * Each tests/unit/test_NAME.c defines `int suite_NAME(void)`, which adds its
 * suite and tests to the registry and returns 0 (or -1 if CUnit could not).
 * The Makefile generates suites.inc, the list of those functions, from the
 * file names, so a new test file needs no edit here. */
#include <CUnit/Basic.h>
#include <stdio.h>

#define SUITE(name) int suite_##name(void);
#include "suites.inc"
#undef SUITE

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
#define SUITE(name) suite_##name,
    int (*const suites[])(void) = {
#include "suites.inc"
    };
#undef SUITE
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i]() != 0) {
            fprintf(stderr, "could not register suite %zu: %s\n", i, CU_get_error_msg());
            CU_cleanup_registry();
            return 2;
        }
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned run = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    unsigned afail = CU_get_number_of_failures();
    CU_cleanup_registry();
    printf("unit: %u passed, %u failed\n", run - failed, failed);
    return (failed || afail) ? 1 : 0;
}
