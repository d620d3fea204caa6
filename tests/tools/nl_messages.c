/* nl_messages.c - print every line of stdin that load_message_nl() leaves
 * unchanged (a message without a Dutch wording); used by
 * tests/nl_messages_check.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../io/load.h"

int main(void)
{
    char line[8192];
    int missing = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        char *nl = load_message_nl(line);
        if (!nl) {
            fprintf(stderr, "nl_messages: out of memory\n");
            return 2;
        }
        if (strcmp(nl, line) == 0) {
            printf("no Dutch wording: %s\n", line);
            missing++;
        }
        free(nl);
    }
    return missing ? 1 : 0;
}
