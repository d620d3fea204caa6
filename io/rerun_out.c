/* rerun_out.c - changes.csv, rejected_swaps.csv and the re-run summaries
 * (rerun_out.h) */
#include "rerun_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../models/calendar.h"
#include "csvwrite.h"

int rerun_write_letters(FILE *fp, void *ctx)
{
    const rerun_out_t *o = ctx;
    return output_letters(fp, o->in, o->al, o->ri);
}

int rerun_write_unplaced(FILE *fp, void *ctx)
{
    const rerun_out_t *o = ctx;
    return output_unplaced(fp, o->in, o->al, o->ri);
}

static int finish(csvw_t *w)
{
    if (csvw_error(w)) {
        errno = csvw_error(w);
        return -1;
    }
    return 0;
}

int rerun_write_changes(FILE *fp, void *ctx)
{
    const rerun_out_t *o = ctx;
    /* UTF-8 with a byte-order mark, as letters.csv: Excel then reads names right */
    if (fputs(OUTPUT_BOM, fp) == EOF)
        return -1;
    csvw_t w;
    csvw_init(&w, fp, o->ri->delimiter);
    static const char *const header[] = {"trainee_id",  "name",           "old_site_id",
                                         "old_start_date", "new_site_id", "new_start_date",
                                         "reason"};
    for (size_t k = 0; k < sizeof header / sizeof header[0]; k++)
        csvw_cell(&w, header[k]);
    csvw_endrow(&w);
    for (int i = 0; i < o->R->nchg; i++) {
        const rr_change_t *c = &o->R->chg[i];
        char d0[11] = "", d1[11] = "";
        if (c->old_site_id)
            date_format(c->old_start, d0);
        if (c->new_site_id)
            date_format(c->new_start, d1);
        csvw_cell(&w, c->trainee_id);
        csvw_cell(&w, c->name);
        csvw_cell(&w, c->old_site_id);
        csvw_cell(&w, d0);
        csvw_cell(&w, c->new_site_id);
        csvw_cell(&w, d1);
        csvw_cell(&w, c->reason);
        csvw_endrow(&w);
    }
    return finish(&w);
}

int rerun_write_rejected(FILE *fp, void *ctx)
{
    const rerun_out_t *o = ctx;
    /* UTF-8 with a byte-order mark, as letters.csv: Excel then reads names right */
    if (fputs(OUTPUT_BOM, fp) == EOF)
        return -1;
    csvw_t w;
    csvw_init(&w, fp, o->ri->delimiter);
    static const char *const header[] = {"swap_id",   "trainee_a", "quarter_a",
                                         "trainee_b", "quarter_b", "reason"};
    for (size_t k = 0; k < sizeof header / sizeof header[0]; k++)
        csvw_cell(&w, header[k]);
    csvw_endrow(&w);
    const rerun_t *R = o->R;
    for (int s = 0; s < R->nswap; s++) {
        if (R->swap[s].applied)
            continue;
        for (int r = 0; r < R->swap[s].nrow; r++) {
            const rr_swap_row_t *row = &R->row[R->swap[s].first + r];
            char qa[8], qb[8];
            quarter_format(row->qa, qa);
            quarter_format(row->qb, qb);
            csvw_cell(&w, row->swap_id);
            csvw_cell(&w, row->ta);
            csvw_cell(&w, qa);
            csvw_cell(&w, row->tb);
            csvw_cell(&w, qb);
            csvw_cell(&w, R->swap[s].reason);
            csvw_endrow(&w);
        }
    }
    return finish(&w);
}

/* "  name:" padded so that the values line up in column 26, as output.c. */
static void label(FILE *fp, const char *name)
{
    int w = 2 + (int)strlen(name) + 1;
    fprintf(fp, "  %s:%*s", name, w < 25 ? 25 - w + 1 : 1, "");
}

static void put_text(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        putc(*p < 0x20 || *p == 0x7f ? '?' : *p, fp);
}

int rerun_write_summary_txt(FILE *fp, void *ctx)
{
    const rerun_out_t *o = ctx;
    const rerun_t *R = o->R;
    if (output_summary_txt(fp, o->in, o->al, o->ri) != 0)
        return -1;
    errno = 0;
    char dt[11];
    date_format(R->date, dt);
    fprintf(fp, "\nswap week (re-run)\n");
    label(fp, "re-run date");
    fprintf(fp, "%s (placements starting less than %d days after it are frozen)\n", dt,
            RERUN_FROZEN_DAYS);
    label(fp, "previous letters");
    put_text(fp, o->previous);
    putc('\n', fp);
    label(fp, "swaps");
    if (o->swaps) {
        put_text(fp, o->swaps);
        fprintf(fp, ": %d swap%s, %d applied, %d rejected\n", R->nswap, R->nswap == 1 ? "" : "s",
                R->napplied, R->nswap - R->napplied);
    } else
        fprintf(fp, "none\n");
    label(fp, "frozen placements");
    fprintf(fp, "%d kept, %d need a manual decision\n", R->nfrozen, R->nmanual);
    label(fp, "aiossen changed");
    fprintf(fp, "%d", R->changed);
    if (R->nunplaced_now)
        fprintf(fp, " (%d of them unplaced now)", R->nunplaced_now);
    putc('\n', fp);
    label(fp, "new aiossen placed");
    fprintf(fp, "%d\n", R->nnew);
    label(fp, "aiossen who left");
    fprintf(fp, "%d\n", R->nleft);
    int manual = 0;
    for (int t = 0; t < R->ntr; t++)
        manual += R->tr[t].manual != NULL;
    if (manual) {
        fprintf(fp, "\nmanual decisions needed (%d)\n", manual);
        for (int t = 0; t < R->ntr; t++)
            if (R->tr[t].manual) {
                fprintf(fp, "  ");
                put_text(fp, o->in->tr[t].id);
                fprintf(fp, ": ");
                put_text(fp, R->tr[t].manual);
                putc('\n', fp);
            }
    }
    if (R->nswap > R->napplied) {
        fprintf(fp, "\nrejected swaps (%d)\n", R->nswap - R->napplied);
        for (int s = 0; s < R->nswap; s++)
            if (!R->swap[s].applied) {
                fprintf(fp, "  ");
                put_text(fp, R->swap[s].id);
                fprintf(fp, ": ");
                put_text(fp, R->swap[s].reason);
                putc('\n', fp);
            }
    }
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}

static void sha_of(FILE *fp, const char *path)
{
    char hex[65];
    if (path && output_sha256_file(path, hex) == 0)
        fprintf(fp, "\"%s\"", hex);
    else
        fputs("null", fp);
}

int rerun_write_summary_json(FILE *fp, void *ctx)
{
    const rerun_out_t *o = ctx;
    const rerun_t *R = o->R;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return -1;
    int r = output_summary_json(mem, o->in, o->al, o->ri);
    int e = errno;
    if (fclose(mem) != 0 && r == 0) {
        r = -1;
        e = errno;
    }
    if (r != 0) {
        free(buf);
        errno = e ? e : EIO;
        return -1;
    }
    /* the object without its closing brace, then the re-run figures */
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
        len--;
    if (len == 0 || buf[len - 1] != '}') {
        free(buf);
        errno = EINVAL;
        return -1;
    }
    len--;
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
        len--;
    errno = 0;
    fwrite(buf, 1, len, fp);
    free(buf);
    char dt[11];
    date_format(R->date, dt);
    fprintf(fp, ",\n  \"rerun\": {\n    \"date\": \"%s\",\n    \"frozen_days\": %d,\n", dt,
            RERUN_FROZEN_DAYS);
    fputs("    \"previous\": ", fp);
    output_json_string(fp, o->previous);
    fputs(",\n    \"previous_sha256\": ", fp);
    sha_of(fp, o->previous);
    fputs(",\n    \"swaps\": ", fp);
    if (o->swaps)
        output_json_string(fp, o->swaps);
    else
        fputs("null", fp);
    fputs(",\n    \"swaps_sha256\": ", fp);
    sha_of(fp, o->swaps);
    fprintf(fp,
            ",\n    \"swaps_total\": %d,\n    \"swaps_applied\": %d,\n    \"swaps_rejected\": %d,\n"
            "    \"frozen\": %d,\n    \"manual_decisions\": %d,\n    \"changed\": %d,\n"
            "    \"unplaced_now\": %d,\n    \"new\": %d,\n    \"left\": %d,\n"
            "    \"change_lines\": %d\n  }\n}\n",
            R->nswap, R->napplied, R->nswap - R->napplied, R->nfrozen, R->nmanual, R->changed,
            R->nunplaced_now, R->nnew, R->nleft, R->nchg);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}
