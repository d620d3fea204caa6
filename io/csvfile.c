/* csvfile.c - read one CSV file: encoding, delimiter, libcsv, line numbers
 *
 * The whole file is read into memory, its encoding checked and made UTF-8,
 * and then fed to a strict libcsv parser one physical line at a time, so that
 * the start line of every record is known (libcsv reports no positions).
 */
#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parse.h"

#define SAVE_AS "save it from Excel as CSV UTF-8 or CSV (semicolon)"
#define CHUNK 4096

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static char *dup_s(const char *s) { return dup_n(s, strlen(s)); }

/* ---------------------------------------------------------------- encoding */

/* Length of the well-formed UTF-8 sequence at p (n bytes left), 0 if none
 * (overlong forms, surrogates and code points above U+10FFFF are not). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Windows-1252 0x80..0x9F; 0 where the code page leaves the byte undefined. */
static const unsigned short cp1252_80[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static int cp1252_defined(unsigned char c) { return c < 0x80 || c > 0x9F || cp1252_80[c - 0x80]; }

static size_t put_utf8(unsigned cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Advance over one line end at b[i] (CRLF, LF or lone CR); returns the
 * number of bytes of the line end, 0 if b[i] is not one. */
static size_t eol_len(const unsigned char *b, size_t n, size_t i)
{
    if (b[i] == '\n')
        return 1;
    if (b[i] == '\r')
        return i + 1 < n && b[i + 1] == '\n' ? 2 : 1;
    return 0;
}

/* Physical line (1-based) of byte offset off. */
static int line_of(const unsigned char *b, size_t n, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off && i < n;) {
        size_t e = eol_len(b, n, i);
        if (e) {
            line++;
            i += e;
        } else
            i++;
    }
    return line;
}

static const struct {
    const char *magic;
    size_t len;
    const char *what;
} signatures[] = {
    {"PK\003\004", 4, "a zip archive, probably an Excel workbook (.xlsx)"},
    {"\320\317\021\340\241\261\032\341", 8, "an Excel 97-2003 workbook (.xls)"},
    {"\211PNG\r\n\032\n", 8, "a PNG image"},
    {"\377\330\377", 3, "a JPEG image"},
    {"%PDF-", 5, "a PDF document"},
    {"GIF8", 4, "a GIF image"},
    {"\037\213", 2, "a gzip archive"},
};

/* File-level sniffing on the raw bytes: UTF-16, known binary formats, binary
 * data.  Returns 0 if the bytes may be text, -1 (diagnosed) otherwise. */
static int sniff(const unsigned char *b, size_t n, const char *name, diags_t *d)
{
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        diag_error(d, name, 0, NULL,
                   "file is UTF-16 text, e.g. Excel's \"Unicode text\" (expected UTF-8 or "
                   "Windows-1252 text: " SAVE_AS ")");
        return -1;
    }
    for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++)
        if (n >= signatures[i].len && memcmp(b, signatures[i].magic, signatures[i].len) == 0) {
            diag_error(d, name, 0, NULL, "file is %s, not CSV text (expected a CSV file: " SAVE_AS ")",
                       signatures[i].what);
            return -1;
        }
    size_t m = n < 4096 ? n : 4096, nul_even = 0, nul_odd = 0, ctrl = 0;
    for (size_t i = 0; i < m; i++) {
        if (b[i] == 0) {
            if (i % 2)
                nul_odd++;
            else
                nul_even++;
        }
        if ((b[i] < 0x20 && b[i] != '\t' && b[i] != '\n' && b[i] != '\r') || b[i] == 0x7F)
            ctrl++;
    }
    size_t nul = nul_even + nul_odd;
    if (m >= 4 && nul * 4 >= m && (nul_even * 10 >= nul * 9 || nul_odd * 10 >= nul * 9)) {
        diag_error(d, name, 0, NULL,
                   "file is UTF-16 text, e.g. Excel's \"Unicode text\" (expected UTF-8 or "
                   "Windows-1252 text: " SAVE_AS ")");
        return -1;
    }
    if (ctrl >= 8 && ctrl * 20 > m) {
        diag_error(d, name, 0, NULL,
                   "file holds binary data, not text (expected a CSV file: " SAVE_AS ")");
        return -1;
    }
    return 0;
}

/* Make the bytes UTF-8 text: strip a leading BOM, accept UTF-8, else convert
 * Windows-1252.  *out is malloc'ed (*outn bytes, plus a NUL).  Returns 0, or
 * -1 after a diagnostic. */
static int decode(const unsigned char *b, size_t n, const char *name, csvfile_enc_t *enc,
                  char **out, size_t *outn, diags_t *d)
{
    *enc = CSVFILE_UTF8;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        b += 3;
        n -= 3;
        *enc = CSVFILE_UTF8_BOM;
    }
    size_t bad = n; /* first byte that is not UTF-8 */
    int line = 1;
    for (size_t i = 0; i < n;) {
        size_t e = eol_len(b, n, i);
        if (e) {
            line++;
            i += e;
            continue;
        }
        size_t k = utf8_len(b + i, n - i);
        if (!k) {
            bad = i;
            break;
        }
        if (k == 3 && b[i] == 0xEF && b[i + 1] == 0xBB && b[i + 2] == 0xBF)
            diag_error(d, name, line, NULL,
                       "byte-order mark in the middle of the file, e.g. two files pasted "
                       "together (expected one only at the very start of the file)");
        i += k;
    }
    if (bad == n) {
        char *o = dup_n((const char *)b, n);
        if (!o) {
            diag_error(d, name, 0, NULL, "out of memory while reading the file");
            return -1;
        }
        /* drop byte-order marks inside the text (reported above), so that
         * a repeated header line after one is recognised as such */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (i + 2 < n && b[i] == 0xEF && b[i + 1] == 0xBB && b[i + 2] == 0xBF) {
                i += 2;
                continue;
            }
            o[k++] = (char)b[i];
        }
        o[k] = 0;
        *out = o;
        *outn = k;
        return 0;
    }
    /* not UTF-8: Windows-1252, if every byte is defined there */
    for (size_t i = 0; i < n; i++)
        if (!cp1252_defined(b[i])) {
            int bl = line_of(b, n, bad), ul = line_of(b, n, i);
            if (bl == ul)
                diag_error(d, name, bl, NULL,
                           "byte 0x%02X is neither UTF-8 nor Windows-1252 text (expected text: "
                           SAVE_AS ")",
                           b[i]);
            else
                diag_error(d, name, bl, NULL,
                           "byte 0x%02X is not UTF-8, and byte 0x%02X on line %d is not "
                           "Windows-1252 either (expected text in one of the two: " SAVE_AS ")",
                           b[bad], b[i], ul);
            return -1;
        }
    char *o = malloc(3 * n + 1);
    if (!o) {
        diag_error(d, name, 0, NULL, "out of memory while reading the file");
        return -1;
    }
    size_t k = 0;
    int mixed_line = 0;
    line = 1;
    for (size_t i = 0; i < n; i++) {
        size_t e = eol_len(b, n, i);
        if (e)
            line++;
        if (e == 2) {
            o[k++] = '\r';
            o[k++] = '\n';
            i++;
            continue;
        }
        if (!mixed_line && b[i] >= 0xC2 && utf8_len(b + i, n - i) > 1)
            mixed_line = line;
        unsigned cp = b[i] < 0x80 || b[i] > 0x9F ? b[i] : cp1252_80[b[i] - 0x80];
        k += put_utf8(cp, o + k);
    }
    o[k] = 0;
    *out = o;
    *outn = k;
    *enc = CSVFILE_CP1252;
    if (mixed_line)
        diag_warn(d, name, mixed_line, NULL,
                  "the file is not UTF-8 and was read as Windows-1252, but this line holds "
                  "UTF-8 characters, which will come out garbled (expected one encoding for "
                  "the whole file: save it as CSV UTF-8)");
    return 0;
}

/* Errors for NUL bytes and control characters, one per line.  Returns -1
 * if there was a NUL byte (the file cannot be read as text), else 0. */
static int check_controls(const char *t, size_t n, const char *name, diags_t *d)
{
    const unsigned char *b = (const unsigned char *)t;
    int line = 1, flagged = 0, nul = 0;
    for (size_t i = 0; i < n; i++) {
        size_t e = eol_len(b, n, i);
        if (e) {
            line++;
            flagged = 0;
            i += e - 1;
            continue;
        }
        if (flagged || !(b[i] < 0x20 || b[i] == 0x7F) || b[i] == '\t')
            continue;
        flagged = 1;
        if (b[i] == 0) {
            nul = 1;
            diag_error(d, name, line, NULL,
                       "NUL byte in the text (expected plain text; the file may be damaged "
                       "or not a CSV file)");
        } else
            diag_error(d, name, line, NULL,
                       "control character 0x%02X in the text (expected plain text: retype "
                       "the cell that holds it)",
                       b[i]);
    }
    return nul ? -1 : 0;
}

/* ---------------------------------------------------------------- delimiter */

static int blank_char(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Pick ',' or ';' from the header line: the first line holding more than
 * blanks and delimiters, through quoted newlines.  Sets *hline to its line
 * and *tabs when it has tabs and neither delimiter. */
static char detect_delimiter(const char *t, size_t n, int *hline, int *tabs)
{
    const unsigned char *b = (const unsigned char *)t;
    size_t i = 0;
    *tabs = 0;
    *hline = 1;
    for (;;) { /* skip lines of blanks and delimiters only */
        size_t j = i;
        int content = 0;
        while (j < n && !eol_len(b, n, j)) {
            if (!blank_char(b[j]) && b[j] != ',' && b[j] != ';')
                content = 1;
            j++;
        }
        if (content || j >= n)
            break;
        i = j + eol_len(b, n, j);
        (*hline)++;
    }
    long semi = 0, comma = 0, tab = 0;
    int inq = 0;
    for (; i < n; i++) {
        char c = t[i];
        if (c == '"')
            inq = !inq;
        else if (!inq && (c == '\n' || c == '\r'))
            break;
        else if (!inq && c == ';')
            semi++;
        else if (!inq && c == ',')
            comma++;
        else if (!inq && c == '\t')
            tab++;
    }
    if (!semi && !comma && tab)
        *tabs = 1;
    return semi >= comma && semi > 0 ? ';' : ',';
}

/* ---------------------------------------------------------------- records */

typedef struct reader {
    csvfile_t *f;
    diags_t *d;
    int have_header;
    /* the record being read */
    char *buf;
    size_t blen, bcap;
    size_t *off;
    int noff, offcap;
    int nseen;          /* cells seen, stored or not */
    int last_nonempty;  /* index of the last non-blank cell, -1 if none */
    int content;        /* a cell holds more than ',' and ';' */
    int toolong;        /* a cell over CSVFILE_MAX_FIELD */
    int rec_line;
    int in_record;
    long ncells;        /* cells stored in the file */
    int rowcap;
    int oom, stop;
} reader_t;

static void rec_reset(reader_t *r)
{
    r->blen = 0;
    r->noff = 0;
    r->nseen = 0;
    r->last_nonempty = -1;
    r->content = 0;
    r->toolong = 0;
    r->in_record = 0;
}

/* Trim spaces, tabs and no-break spaces (U+00A0) from both ends. */
static void trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t k = *n;
    for (;;) {
        if (k >= 1 && (p[0] == ' ' || p[0] == '\t')) {
            p++;
            k--;
        } else if (k >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
            p += 2;
            k -= 2;
        } else
            break;
    }
    for (;;) {
        if (k >= 1 && (p[k - 1] == ' ' || p[k - 1] == '\t'))
            k--;
        else if (k >= 2 && (unsigned char)p[k - 2] == 0xC2 && (unsigned char)p[k - 1] == 0xA0)
            k -= 2;
        else
            break;
    }
    *s = p;
    *n = k;
}

static void on_field(void *s, size_t len, void *data)
{
    reader_t *r = data;
    if (r->stop)
        return;
    int idx = r->nseen++;
    if (len > CSVFILE_MAX_FIELD) {
        r->toolong = 1;
        r->content = 1;
        r->last_nonempty = idx;
        return;
    }
    const char *p = s ? s : "";
    size_t n = s ? len : 0;
    trim(&p, &n);
    if (n > 0)
        r->last_nonempty = idx;
    if (n > 0 && strspn(p, ",;") < n)
        r->content = 1;
    int limit = r->have_header ? r->f->ncol : CSVFILE_MAX_COLUMNS;
    if (idx >= limit)
        return;
    if (r->blen + n + 1 > r->bcap) {
        size_t nc = r->bcap ? r->bcap : 256;
        while (nc < r->blen + n + 1)
            nc *= 2;
        char *nb = realloc(r->buf, nc);
        if (!nb) {
            r->oom = r->stop = 1;
            return;
        }
        r->buf = nb;
        r->bcap = nc;
    }
    if (r->noff == r->offcap) {
        int nc = r->offcap ? 2 * r->offcap : 32;
        size_t *no = realloc(r->off, (size_t)nc * sizeof *no);
        if (!no) {
            r->oom = r->stop = 1;
            return;
        }
        r->off = no;
        r->offcap = nc;
    }
    r->off[r->noff++] = r->blen;
    memcpy(r->buf + r->blen, p, n);
    r->blen += n;
    r->buf[r->blen++] = 0;
}

/* One block: ncell pointers followed by the strings. */
static char **cells_block(const reader_t *r, int ncell)
{
    size_t bytes = ncell ? r->off[ncell - 1] + strlen(r->buf + r->off[ncell - 1]) + 1 : 0;
    char **cell = malloc((size_t)ncell * sizeof *cell + bytes + 1);
    if (!cell)
        return NULL;
    char *str = (char *)(cell + ncell);
    memcpy(str, r->buf, bytes);
    for (int i = 0; i < ncell; i++)
        cell[i] = str + r->off[i];
    return cell;
}

static void header_done(reader_t *r)
{
    csvfile_t *f = r->f;
    int ncol = r->last_nonempty + 1;
    if (ncol > CSVFILE_MAX_COLUMNS) {
        diag_error(r->d, f->name, r->rec_line, NULL,
                   "the header has more than %d columns (expected the columns of an input "
                   "file: is it the right file?)",
                   CSVFILE_MAX_COLUMNS);
        r->stop = 1;
        return;
    }
    f->col = cells_block(r, ncol);
    if (!f->col) {
        r->oom = r->stop = 1;
        return;
    }
    f->ncol = ncol;
    f->header_line = r->rec_line;
    r->have_header = 1;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader_t *r = data;
    csvfile_t *f = r->f;
    if (r->stop)
        return;
    if (r->last_nonempty < 0 || !r->content) { /* blank, or delimiters only */
        rec_reset(r);
        return;
    }
    if (r->toolong) {
        diag_error(r->d, f->name, r->rec_line, NULL,
                   "a cell is longer than %zu KiB (expected short values; a '\"' that is "
                   "never closed makes the rest of the file one cell)",
                   CSVFILE_MAX_FIELD >> 10);
        f->complete = 0;
        if (!r->have_header)
            r->stop = 1;
        rec_reset(r);
        return;
    }
    if (!r->have_header) {
        header_done(r);
        rec_reset(r);
        return;
    }
    if (r->last_nonempty >= f->ncol) {
        diag_error(r->d, f->name, r->rec_line, NULL,
                   "row has %d cells but the header has %d column%s (expected at most %d; a "
                   "value holding '%c' must be in quotes, e.g. \"Jansen%c J.\")",
                   r->last_nonempty + 1, f->ncol, f->ncol == 1 ? "" : "s", f->ncol,
                   f->delimiter, f->delimiter);
        f->complete = 0;
        rec_reset(r);
        return;
    }
    int ncell = r->last_nonempty + 1;
    if (ncell == f->ncol) {
        int same = 1;
        for (int i = 0; i < ncell && same && i < r->noff; i++)
            same = strcasecmp(r->buf + r->off[i], f->col[i]) == 0;
        if (same && r->noff >= ncell) {
            diag_warn(r->d, f->name, r->rec_line, NULL,
                      "this line repeats the header line, so it is ignored (expected the "
                      "header line once, at the top)");
            rec_reset(r);
            return;
        }
    }
    if (r->ncells + ncell > CSVFILE_MAX_CELLS) {
        diag_error(r->d, f->name, r->rec_line, NULL,
                   "file has more than %ld cells (expected an input file of at most some "
                   "thousands of rows)",
                   CSVFILE_MAX_CELLS);
        f->complete = 0;
        r->stop = 1;
        return;
    }
    if (f->nrow == r->rowcap) {
        int nc = r->rowcap ? 2 * r->rowcap : 64;
        csv_row_t *nr = realloc(f->row, (size_t)nc * sizeof *nr);
        if (!nr) {
            r->oom = r->stop = 1;
            return;
        }
        f->row = nr;
        r->rowcap = nc;
    }
    char **cell = cells_block(r, ncell);
    if (!cell) {
        r->oom = r->stop = 1;
        return;
    }
    f->row[f->nrow].line = r->rec_line;
    f->row[f->nrow].ncell = ncell;
    f->row[f->nrow].cell = cell;
    f->nrow++;
    r->ncells += ncell;
    rec_reset(r);
}

static int parser_new(struct csv_parser *p, char delim)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return -1;
    csv_set_delim(p, (unsigned char)delim);
    csv_set_blk_size(p, CHUNK);
    return 0;
}

/* Feed the text line by line; see the file comment. */
static void parse_text(reader_t *r, const char *t, size_t n)
{
    csvfile_t *f = r->f;
    struct csv_parser p;
    if (parser_new(&p, f->delimiter) != 0) {
        r->oom = 1;
        return;
    }
    const unsigned char *b = (const unsigned char *)t;
    int line = 0, live = 1;
    size_t pos = 0;
    while (pos < n && !r->stop) {
        line++;
        size_t end = pos;
        int blank = 1;
        while (end < n && !eol_len(b, n, end)) {
            if (b[end] != ' ' && b[end] != '\t')
                blank = 0;
            end++;
        }
        if (end < n)
            end += eol_len(b, n, end);
        if (!r->in_record && !blank) {
            r->in_record = 1;
            r->rec_line = line;
        }
        for (size_t c = pos; c < end && !r->stop;) {
            size_t len = end - c < CHUNK ? end - c : CHUNK;
            size_t got = csv_parse(&p, t + c, len, on_field, on_record, r);
            if (got < len) {
                if (csv_error(&p) != CSV_EPARSE) {
                    r->oom = r->stop = 1;
                    break;
                }
                if (t[c + got] == '"')
                    diag_error(r->d, f->name, line, NULL,
                               "a '\"' inside a value that does not start with one (expected "
                               "the whole value in quotes, with each quote inside doubled: "
                               "\"Jan \"\"Piet\"\" Jansen\")");
                else
                    diag_error(r->d, f->name, line, NULL,
                               "text after the closing quote of a quoted value (expected '%c' "
                               "or the end of the line right after the closing '\"')",
                               f->delimiter);
                f->complete = 0;
                /* A fresh parser can take over at the next line when this
                 * record started on this line; inside a quoted value of
                 * unknown extent, or in the header, we must stop. */
                int resync = r->rec_line == line && r->have_header;
                csv_free(&p);
                live = 0;
                rec_reset(r);
                if (!resync) {
                    r->stop = 1;
                } else if (parser_new(&p, f->delimiter) != 0) {
                    r->oom = r->stop = 1;
                } else
                    live = 1;
                break; /* the rest of this line is skipped */
            }
            c += len;
            if (csv_get_buffer_size(&p) > CSVFILE_MAX_FIELD + 2 * CHUNK) {
                /* a cell still growing past the limit: report it now */
                r->toolong = 1;
                r->content = 1;
                r->last_nonempty = r->nseen;
                on_record(0, r);
                r->stop = 1;
            }
        }
        pos = end;
    }
    if (live && !r->stop && csv_fini(&p, on_field, on_record, r) != 0) {
        diag_error(r->d, f->name, r->rec_line, NULL,
                   "a quoted value is never closed: it runs from this line to the end of the "
                   "file (expected a closing '\"'; a quote inside quotes is written \"\")");
        f->complete = 0;
    }
    if (live)
        csv_free(&p);
}

/* ---------------------------------------------------------------- files */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int csvfile_parse(csvfile_t *f, const char *name, const char *bytes, size_t n,
                  const csvfile_opts_t *o, diags_t *d)
{
    memset(f, 0, sizeof *f);
    f->complete = 1;
    f->delimiter = ',';
    f->name = dup_s(base_name(name));
    if (!f->name) {
        diag_error(d, base_name(name), 0, NULL, "out of memory while reading the file");
        return -1;
    }
    const char *hint = o && o->header_hint ? o->header_hint : "trainee_id,name";
    if (n > CSVFILE_MAX_BYTES) {
        diag_error(d, f->name, 0, NULL,
                   "file is larger than %zu MiB (expected an input file of at most some "
                   "thousands of rows: is it the right file?)",
                   CSVFILE_MAX_BYTES >> 20);
        return -1;
    }
    const unsigned char *b = (const unsigned char *)bytes;
    if (n == 0) {
        diag_error(d, f->name, 0, NULL,
                   "file is empty (expected a header line such as '%s', then one row per line)",
                   hint);
        return -1;
    }
    if (sniff(b, n, f->name, d) != 0)
        return -1;
    char *t = NULL;
    size_t tn = 0;
    if (decode(b, n, f->name, &f->encoding, &t, &tn, d) != 0)
        return -1;
    if (check_controls(t, tn, f->name, d) != 0) {
        free(t);
        return -1;
    }
    f->crlf = 0;
    for (size_t i = 0; i < tn; i++)
        if (t[i] == '\n' || t[i] == '\r') {
            f->crlf = t[i] == '\r' && i + 1 < tn && t[i + 1] == '\n';
            break;
        }
    int tabs = 0, hline = 1;
    char det = detect_delimiter(t, tn, &hline, &tabs);
    f->delimiter = o && o->delimiter ? o->delimiter : det;
    if (tabs && !(o && o->delimiter)) {
        diag_error(d, f->name, hline, NULL,
                   "the header line is separated by tabs (expected ',' or ';' between the "
                   "columns: " SAVE_AS ")");
        free(t);
        return -1;
    }
    reader_t r;
    memset(&r, 0, sizeof r);
    r.f = f;
    r.d = d;
    rec_reset(&r);
    parse_text(&r, t, tn);
    free(t);
    free(r.buf);
    free(r.off);
    if (r.oom) {
        diag_error(d, f->name, 0, NULL, "out of memory while reading the file");
        f->complete = 0;
        return -1;
    }
    if (!r.have_header) {
        if (f->complete)
            diag_error(d, f->name, 0, NULL,
                       "file is empty (expected a header line such as '%s', then one row per "
                       "line)",
                       hint);
        return -1;
    }
    return 0;
}

int csvfile_read(csvfile_t *f, const char *dir, const char *name, const csvfile_opts_t *o,
                 diags_t *d)
{
    memset(f, 0, sizeof *f);
    size_t pl = strlen(dir) + strlen(name) + 2;
    char *path = malloc(pl);
    if (!path) {
        diag_error(d, name, 0, NULL, "out of memory while reading the file");
        return -1;
    }
    snprintf(path, pl, "%s/%s", dir, name);
    const char *hint = o && o->missing_hint ? o->missing_hint : "expected a readable CSV file";
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        free(path);
        if (e == ENOENT && o && o->optional)
            return 1;
        diag_error(d, name, 0, NULL, "cannot open: %s (%s)", strerror(e), hint);
        return -1;
    }
    free(path);
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        diag_error(d, name, 0, NULL, "cannot read: not a regular file (expected a CSV file)");
        return -1;
    }
    if ((unsigned long long)st.st_size > CSVFILE_MAX_BYTES) {
        fclose(fp);
        return csvfile_parse(f, name, NULL, CSVFILE_MAX_BYTES + 1, o, d);
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(fp);
        diag_error(d, name, 0, NULL, "out of memory while reading the file");
        return -1;
    }
    for (;;) {
        if (n == cap) {
            if (cap > CSVFILE_MAX_BYTES)
                break;
            size_t nc = cap * 2;
            char *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                fclose(fp);
                diag_error(d, name, 0, NULL, "out of memory while reading the file");
                return -1;
            }
            buf = nb;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        int e = errno;
        free(buf);
        fclose(fp);
        diag_error(d, name, 0, NULL, "cannot read: %s (expected a readable CSV file)",
                   strerror(e));
        return -1;
    }
    fclose(fp);
    int rc = csvfile_parse(f, name, buf, n, o, d);
    free(buf);
    return rc;
}

void csvfile_release(csvfile_t *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->nrow; i++)
        free(f->row[i].cell);
    free(f->row);
    free(f->col);
    free(f->name);
    memset(f, 0, sizeof *f);
}

const char *csvfile_cell(const csv_row_t *r, int k)
{
    return k >= 0 && k < r->ncell ? r->cell[k] : "";
}

/* ---------------------------------------------------------------- header */

/* 1 if name equals spec's name or one of its '|'-separated aliases. */
static int spec_matches(const csv_colspec_t *s, const char *name)
{
    if (strcasecmp(s->name, name) == 0)
        return 1;
    for (const char *a = s->aliases; a && *a;) {
        const char *e = strchr(a, '|');
        size_t len = e ? (size_t)(e - a) : strlen(a);
        if (strlen(name) == len && strncasecmp(a, name, len) == 0)
            return 1;
        a = e ? e + 1 : a + len;
    }
    return 0;
}

int csvfile_bind(const csvfile_t *f, const csv_colspec_t *spec, int nspec, int *idx,
                 int (*claim)(const char *name, void *ctx), void *ctx, diags_t *d)
{
    int rc = 0;
    for (int i = 0; i < nspec; i++)
        idx[i] = -1;
    /* A forced delimiter that the file does not use makes the whole header
     * one column: say so once rather than list every column as missing. */
    char other = f->delimiter == ',' ? ';' : ',';
    if (f->ncol == 1 && strchr(f->col[0], other) && !strchr(f->col[0], f->delimiter)) {
        diag_error(d, f->name, f->header_line, NULL,
                   "the header line is one column: its names are separated by '%c', not by "
                   "'%c' (expected '%c' between the columns, as the delimiter option asks, or "
                   "no delimiter option)",
                   other, f->delimiter, f->delimiter);
        return -1;
    }
    char clip[96], clip2[96];
    for (int c = 0; c < f->ncol; c++) {
        const char *h = f->col[c];
        if (!*h) {
            diag_warn(d, f->name, f->header_line, NULL,
                      "column %d has no name in the header line, so its cells are ignored "
                      "(expected a column name)",
                      c + 1);
            continue;
        }
        int k = -1;
        for (int i = 0; i < nspec && k < 0; i++)
            if (spec_matches(&spec[i], h))
                k = i;
        if (k >= 0) {
            if (idx[k] >= 0) {
                diag_error(d, f->name, f->header_line, spec[k].name,
                           "two columns name it: '%s' (column %d) and '%s' (column %d) "
                           "(expected each column once)",
                           parse_clip(f->col[idx[k]], clip, sizeof clip), idx[k] + 1,
                           parse_clip(h, clip2, sizeof clip2), c + 1);
                rc = -1;
            } else
                idx[k] = c;
            continue;
        }
        int dup = -1;
        for (int c2 = 0; c2 < c && dup < 0; c2++)
            if (strcasecmp(f->col[c2], h) == 0)
                dup = c2;
        if (claim && claim(h, ctx)) {
            if (dup >= 0) {
                diag_error(d, f->name, f->header_line, h,
                           "column appears twice: column %d and column %d (expected each "
                           "column once)",
                           dup + 1, c + 1);
                rc = -1;
            }
            continue;
        }
        if (dup >= 0)
            continue; /* one warning per unknown name */
        size_t need = 1;
        for (int i = 0; i < nspec; i++)
            need += strlen(spec[i].name) + 2;
        char *list = malloc(need);
        if (list) {
            list[0] = 0;
            for (int i = 0; i < nspec; i++) {
                if (i)
                    strcat(list, ", ");
                strcat(list, spec[i].name);
            }
        }
        diag_warn(d, f->name, f->header_line, NULL,
                  "unknown column '%s' is ignored (expected %s%s)", parse_clip(h, clip, sizeof clip),
                  claim ? "quarter columns YYYY-MM and " : "", list ? list : "the columns of formats.md");
        free(list);
    }
    for (int i = 0; i < nspec; i++)
        if (spec[i].required && idx[i] < 0) {
            diag_error(d, f->name, f->header_line, NULL,
                       "missing required column '%s' (expected it in the header line)",
                       spec[i].name);
            rc = -1;
        }
    return rc;
}

int csvfile_read_path(csvfile_t *f, const char *path, const csvfile_opts_t *o, char **name,
                      diags_t *d)
{
    memset(f, 0, sizeof *f);
    *name = NULL;
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (slash) {
        size_t n = (size_t)(slash - path);
        dir = malloc(n + 2);
        if (!dir)
            goto oom;
        if (n == 0) {
            strcpy(dir, "/");
        } else {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
    }
    const char *base = slash ? slash + 1 : path;
    *name = strdup(*base ? base : path);
    if (!*name) {
        free(dir);
        goto oom;
    }
    int rc = csvfile_read(f, dir ? dir : ".", base, o, d);
    free(dir);
    return rc;
oom:
    diag_error(d, NULL, 0, NULL, "out of memory while reading '%s'", path);
    return -1;
}
