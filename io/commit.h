/* commit.h - the lottery commitment: one SHA-256 of the seed and the input files
 *
 * So that a lottery (or any run) can be checked by anyone afterwards, the
 * secretariat publishes a commitment before the run: the SHA-256 of the
 * text
 *
 *     <sha256 of preferences.csv>  preferences.csv\n
 *     <sha256 of capacity.csv>  capacity.csv\n
 *     ... one line per input file present, in the order of
 *         output_input_files() (preferences, capacity, exemptions,
 *         parttime, regions, locked), exactly as `sha256sum` prints it ...
 *     seed <SEEDS>\n
 *
 * where SEEDS is the seed of `allocate` ("7") or the seeds of `fairness`
 * in their canonical form ("1-50", "1,3,5-7").  docs/fairness.md shows how
 * to recompute it with sha256sum alone; `stagematch commit` prints it.
 */
#ifndef STAGEMATCH_COMMIT_H
#define STAGEMATCH_COMMIT_H

/* The commitment of the input folder dir and seeds into hex (64 hex digits
 * plus NUL).  Returns 0, or -1 with errno set and *failed the input file
 * that could not be read (NULL when memory ran out). */
int commit_compute(const char *dir, const char *seeds, char hex[65], const char **failed);

#endif
