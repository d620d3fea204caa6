/* test_csv.c - io/csvfile: encodings, line ends, quotes, line numbers, headers */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../io/csvfile.h"

/* All diagnostics, formatted, one a line. */
static char *all_diags(const diags_t *d)
{
    size_t n = 1;
    for (int i = 0; i < d->n; i++) {
        char *s = diag_format(&d->v[i]);
        n += (s ? strlen(s) : 0) + 1;
        free(s);
    }
    char *out = calloc(n, 1);
    for (int i = 0; out && i < d->n; i++) {
        char *s = diag_format(&d->v[i]);
        if (s) {
            strcat(out, s);
            strcat(out, "\n");
        }
        free(s);
    }
    return out;
}

/* Parse n bytes as "t.csv"; the diagnostics text goes to *msgs (caller frees). */
static int parse_n(csvfile_t *f, const char *bytes, size_t n, char delim, char **msgs)
{
    diags_t d;
    diags_init(&d);
    csvfile_opts_t o = {delim, 0, NULL, "a,b"};
    int rc = csvfile_parse(f, "t.csv", bytes, n, &o, &d);
    *msgs = all_diags(&d);
    diags_release(&d);
    return rc;
}

#define PARSE(f, lit, msgs) parse_n((f), (lit), sizeof(lit) - 1, 0, (msgs))

static void test_basic_lf(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "a,b\n1,2\n 3 , \" x \" \n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "");
    CU_ASSERT_EQUAL(f.delimiter, ',');
    CU_ASSERT_EQUAL(f.encoding, CSVFILE_UTF8);
    CU_ASSERT_EQUAL(f.crlf, 0);
    CU_ASSERT_EQUAL(f.ncol, 2);
    CU_ASSERT_STRING_EQUAL(f.col[0], "a");
    CU_ASSERT_STRING_EQUAL(f.col[1], "b");
    CU_ASSERT_EQUAL(f.header_line, 1);
    CU_ASSERT_EQUAL_FATAL(f.nrow, 2);
    CU_ASSERT_EQUAL(f.row[0].line, 2);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 0), "1");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 1), "2");
    CU_ASSERT_EQUAL(f.row[1].line, 3);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 0), "3");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 1), "x"); /* quoted spaces trimmed too */
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 5), "");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], -1), "");
    CU_ASSERT_EQUAL(f.complete, 1);
    free(m);
    csvfile_release(&f);
    csvfile_release(&f); /* twice is harmless */
}

static void test_bom_crlf_semicolon(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "\xEF\xBB\xBFtrainee_id;factor\r\nT1;0,8\r\n\r\nT2;80%\r\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "");
    CU_ASSERT_EQUAL(f.encoding, CSVFILE_UTF8_BOM);
    CU_ASSERT_EQUAL(f.delimiter, ';');
    CU_ASSERT_EQUAL(f.crlf, 1);
    CU_ASSERT_STRING_EQUAL(f.col[0], "trainee_id"); /* no BOM in the name */
    CU_ASSERT_EQUAL_FATAL(f.nrow, 2);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 1), "0,8");
    CU_ASSERT_EQUAL(f.row[1].line, 4); /* the blank line counts */
    free(m);
    csvfile_release(&f);
}

static void test_lone_cr_and_blank(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "\r\n  \ra,b\r1,2\r,,\r,,,,\r3\r", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "");
    CU_ASSERT_EQUAL(f.header_line, 3);
    CU_ASSERT_EQUAL_FATAL(f.nrow, 2);
    CU_ASSERT_EQUAL(f.row[0].line, 4);
    CU_ASSERT_EQUAL(f.row[1].line, 7);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 0), "3");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 1), ""); /* missing cell is blank */
    free(m);
    csvfile_release(&f);
}

static void test_quoted_newlines(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f,
                          "id,name\n"
                          "1,\"Jan\nde\r\nVries\"\n"
                          "2,\"a,b \"\"c\"\"\"\n"
                          "\n"
                          "\"3\",\"x\ry\"\n"
                          "4,z",
                          &m),
                    0);
    CU_ASSERT_STRING_EQUAL(m, "");
    CU_ASSERT_EQUAL_FATAL(f.nrow, 4);
    CU_ASSERT_EQUAL(f.row[0].line, 2);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 1), "Jan\nde\r\nVries");
    CU_ASSERT_EQUAL(f.row[1].line, 5);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 1), "a,b \"c\"");
    CU_ASSERT_EQUAL(f.row[2].line, 7);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[2], 0), "3");
    CU_ASSERT_EQUAL(f.row[3].line, 9); /* after a lone CR inside quotes */
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[3], 1), "z");
    free(m);
    csvfile_release(&f);
}

static void test_delimiter(void)
{
    csvfile_t f;
    char *m;
    /* more ';' than ',' outside quotes */
    CU_ASSERT_EQUAL(PARSE(&f, "\"a,b,c\";d;e\n1;2;3\n", &m), 0);
    CU_ASSERT_EQUAL(f.delimiter, ';');
    CU_ASSERT_EQUAL(f.ncol, 3);
    CU_ASSERT_STRING_EQUAL(f.col[0], "a,b,c");
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "a,b;c,d\n1,2,3\n", &m), 0);
    CU_ASSERT_EQUAL(f.delimiter, ',');
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "a;b,c\n", &m), 0); /* a tie: ';' */
    CU_ASSERT_EQUAL(f.delimiter, ';');
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "only\nx\n", &m), 0); /* one column */
    CU_ASSERT_EQUAL(f.delimiter, ',');
    CU_ASSERT_EQUAL(f.ncol, 1);
    free(m);
    csvfile_release(&f);
    /* forced */
    CU_ASSERT_EQUAL(parse_n(&f, "a;b\n1;2\n", 8, ',', &m), 0);
    CU_ASSERT_EQUAL(f.delimiter, ',');
    CU_ASSERT_EQUAL(f.ncol, 1);
    CU_ASSERT_STRING_EQUAL(f.col[0], "a;b");
    free(m);
    csvfile_release(&f);
    /* tabs */
    CU_ASSERT_EQUAL(PARSE(&f, "\na\tb\n1\t2\n", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: the header line is separated by tabs (expected ',' or ';' "
                              "between the columns: save it from Excel as CSV UTF-8 or CSV "
                              "(semicolon))\n");
    free(m);
    csvfile_release(&f);
}

static void test_cp1252(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "id;naam\r\nT1;Eli\xEBns\r\nT2;\x80 \x93x\x94\r\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "");
    CU_ASSERT_EQUAL(f.encoding, CSVFILE_CP1252);
    CU_ASSERT_EQUAL_FATAL(f.nrow, 2);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 1), "Eli\xC3\xABns");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 1), "\xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D");
    CU_ASSERT_EQUAL(f.row[1].line, 3);
    free(m);
    csvfile_release(&f);
    /* valid UTF-8 is taken as UTF-8 */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,Eli\xC3\xABns\n", &m), 0);
    CU_ASSERT_EQUAL(f.encoding, CSVFILE_UTF8);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 1), "Eli\xC3\xABns");
    free(m);
    csvfile_release(&f);
    /* mixed: read as cp1252, with a warning on the UTF-8 line */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,Eli\xEBns\nT2,Eli\xC3\xABns\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:3: warning: the file is not UTF-8 and was read as "
                              "Windows-1252, but this line holds UTF-8 characters, which will "
                              "come out garbled (expected one encoding for the whole file: save "
                              "it as CSV UTF-8)\n");
    free(m);
    csvfile_release(&f);
}

static void test_bad_encoding(void)
{
    csvfile_t f;
    char *m;
    /* 0x81 is undefined in Windows-1252 and not UTF-8 */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,x\nT2,a\x81z\n", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:3: byte 0x81 is neither UTF-8 nor Windows-1252 text "
                              "(expected text: save it from Excel as CSV UTF-8 or CSV "
                              "(semicolon))\n");
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,\xE9\nT2,\x9D\n", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: byte 0xE9 is not UTF-8, and byte 0x9D on line 3 is not "
                              "Windows-1252 either (expected text in one of the two: save it "
                              "from Excel as CSV UTF-8 or CSV (semicolon))\n");
    free(m);
    csvfile_release(&f);
    /* a byte-order mark in the middle */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,x\n\xEF\xBB\xBFid,naam\nT2,y\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:3: byte-order mark in the middle of the file, e.g. two "
                              "files pasted together (expected one only at the very start of "
                              "the file)\n"
                              "t.csv:3: warning: this line repeats the header line, so it is "
                              "ignored (expected the header line once, at the top)\n");
    CU_ASSERT_EQUAL_FATAL(f.nrow, 2);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 0), "T2");
    CU_ASSERT_EQUAL(f.row[1].line, 4);
    free(m);
    csvfile_release(&f);
}

static void test_utf16_and_binary(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "\xFF\xFEi\0d\0\n\0", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv: file is UTF-16 text, e.g. Excel's \"Unicode text\" "
                              "(expected UTF-8 or Windows-1252 text: save it from Excel as CSV "
                              "UTF-8 or CSV (semicolon))\n");
    free(m);
    csvfile_release(&f);
    /* UTF-16 LE without a BOM */
    CU_ASSERT_EQUAL(PARSE(&f, "i\0d\0,\0n\0a\0m\0e\0\n\0T\0001\0,\0x\0\n\0", &m), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "file is UTF-16 text"));
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv: file is a PNG image, not CSV text (expected a CSV file: "
                              "save it from Excel as CSV UTF-8 or CSV (semicolon))\n");
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "PK\3\4\24\0\6\0", &m), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "probably an Excel workbook (.xlsx)"));
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "\1\2\3\4\5\6\7\10\16\17\20\21abc", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv: file holds binary data, not text (expected a CSV file: "
                              "save it from Excel as CSV UTF-8 or CSV (semicolon))\n");
    free(m);
    csvfile_release(&f);
}

static void test_nul_and_controls(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam,email,stage_start,a_choice_1\n"
                              "T1,Jan\0sen,jan@example.nl,2026-09,SEH\n"
                              "T2,Piet,piet@example.nl,2026-09,SEH\n",
                          &m),
                    -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: NUL byte in the text (expected plain text; the file may "
                              "be damaged or not a CSV file)\n");
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,a\x1b[0mb\nT2,c\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: control character 0x1B in the text (expected plain text: "
                              "retype the cell that holds it)\n");
    CU_ASSERT_EQUAL(f.nrow, 2);
    free(m);
    csvfile_release(&f);
}

static void test_quote_errors(void)
{
    csvfile_t f;
    char *m;
    /* unterminated: the error names the line the record starts on */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,a\nT2,\"b\nT3,c\nT4,d\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:3: a quoted value is never closed: it runs from this line to "
                              "the end of the file (expected a closing '\"'; a quote inside "
                              "quotes is written \"\")\n");
    CU_ASSERT_EQUAL(f.nrow, 1);
    CU_ASSERT_EQUAL(f.complete, 0);
    free(m);
    csvfile_release(&f);
    /* text after a closing quote; reading goes on at the next line */
    CU_ASSERT_EQUAL(PARSE(&f, "id;naam\nT1;\"Jansen\"x;5\nT2;b\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: text after the closing quote of a quoted value (expected "
                              "';' or the end of the line right after the closing '\"')\n");
    CU_ASSERT_EQUAL_FATAL(f.nrow, 1);
    CU_ASSERT_EQUAL(f.row[0].line, 3);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[0], 1), "b");
    CU_ASSERT_EQUAL(f.complete, 0);
    free(m);
    csvfile_release(&f);
    /* a stray quote inside an unquoted value */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,Jan \"Piet\" Jansen\nT2,b\nT3,c \"d\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: a '\"' inside a value that does not start with one "
                              "(expected the whole value in quotes, with each quote inside "
                              "doubled: \"Jan \"\"Piet\"\" Jansen\")\n"
                              "t.csv:4: a '\"' inside a value that does not start with one "
                              "(expected the whole value in quotes, with each quote inside "
                              "doubled: \"Jan \"\"Piet\"\" Jansen\")\n");
    CU_ASSERT_EQUAL(f.nrow, 1);
    free(m);
    csvfile_release(&f);
    /* an error inside a record spanning lines stops the reading */
    CU_ASSERT_EQUAL(PARSE(&f, "id,naam\nT1,\"a\nb\"x\nT2,c\n", &m), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "t.csv:3: text after the closing quote"));
    CU_ASSERT_EQUAL(f.nrow, 0);
    free(m);
    csvfile_release(&f);
    /* an error in the header: nothing usable */
    CU_ASSERT_EQUAL(PARSE(&f, "id,na\"am\nT1,a\n", &m), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "t.csv:1: a '\"' inside a value"));
    CU_ASSERT_PTR_NULL(strstr(m, "empty"));
    free(m);
    csvfile_release(&f);
}

static void test_ragged(void)
{
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(PARSE(&f, "a,b,c,d,e\n1,2,3,4,5,6,7\n1,2,3,4,5,,,,\n1,2\n", &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:2: row has 7 cells but the header has 5 columns (expected "
                              "at most 5; a value holding ',' must be in quotes, e.g. \"Jansen, "
                              "J.\")\n");
    CU_ASSERT_EQUAL_FATAL(f.nrow, 2);
    CU_ASSERT_EQUAL(f.row[0].line, 3);
    CU_ASSERT_EQUAL(f.row[0].ncell, 5);
    CU_ASSERT_EQUAL(f.row[1].line, 4);
    CU_ASSERT_STRING_EQUAL(csvfile_cell(&f.row[1], 4), "");
    CU_ASSERT_EQUAL(f.complete, 0);
    free(m);
    csvfile_release(&f);
    /* trailing blank header names are dropped */
    CU_ASSERT_EQUAL(PARSE(&f, "a;b;;;\n1;2;;;;;;\n", &m), 0);
    CU_ASSERT_EQUAL(f.ncol, 2);
    CU_ASSERT_EQUAL(f.nrow, 1);
    CU_ASSERT_STRING_EQUAL(m, "");
    free(m);
    csvfile_release(&f);
}

static void test_big_field(void)
{
    size_t n = 1 << 20;
    char *b = malloc(n + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    strcpy(b, "id,naam\nT1,ok\nT2,");
    size_t k = strlen(b);
    memset(b + k, 'x', n);
    k += n;
    memcpy(b + k, "\nT3,ok\n", 7);
    k += 7;
    csvfile_t f;
    char *m;
    CU_ASSERT_EQUAL(parse_n(&f, b, k, 0, &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:3: a cell is longer than 64 KiB (expected short values; a "
                              "'\"' that is never closed makes the rest of the file one cell)\n");
    CU_ASSERT_EQUAL(f.nrow, 1);
    CU_ASSERT_EQUAL(f.complete, 0);
    free(m);
    csvfile_release(&f);
    /* the same inside quotes, never closed */
    strcpy(b, "id,naam\nT1,ok\nT2,\"");
    k = strlen(b);
    memset(b + k, 'x', n);
    k += n;
    memcpy(b + k, "\nT3,ok\n", 7);
    k += 7;
    CU_ASSERT_EQUAL(parse_n(&f, b, k, 0, &m), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "t.csv:3: a cell is longer than 64 KiB"));
    free(m);
    csvfile_release(&f);
    /* a cell just under the limit is fine */
    strcpy(b, "id,naam\nT1,");
    k = strlen(b);
    memset(b + k, 'y', 60000);
    k += 60000;
    b[k++] = '\n';
    CU_ASSERT_EQUAL(parse_n(&f, b, k, 0, &m), 0);
    CU_ASSERT_STRING_EQUAL(m, "");
    CU_ASSERT_EQUAL(strlen(csvfile_cell(&f.row[0], 1)), 60000u);
    free(m);
    csvfile_release(&f);
    free(b);
}

static void test_empty(void)
{
    csvfile_t f;
    char *m;
    const char *want = "t.csv: file is empty (expected a header line such as 'a,b', then one "
                       "row per line)\n";
    CU_ASSERT_EQUAL(parse_n(&f, "", 0, 0, &m), -1);
    CU_ASSERT_STRING_EQUAL(m, want);
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "\n\r\n  \n", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, want);
    free(m);
    csvfile_release(&f);
    CU_ASSERT_EQUAL(PARSE(&f, "\xEF\xBB\xBF;;;\r\n;;\r\n", &m), -1);
    CU_ASSERT_STRING_EQUAL(m, want);
    free(m);
    csvfile_release(&f);
    /* header only is fine here */
    CU_ASSERT_EQUAL(PARSE(&f, "a,b\n", &m), 0);
    CU_ASSERT_EQUAL(f.nrow, 0);
    CU_ASSERT_STRING_EQUAL(m, "");
    free(m);
    csvfile_release(&f);
}

static char *bind_msgs(const char *text, const csv_colspec_t *spec, int nspec, int *idx,
                       int *rc)
{
    csvfile_t f;
    char *m;
    parse_n(&f, text, strlen(text), 0, &m);
    free(m);
    diags_t d;
    diags_init(&d);
    *rc = csvfile_bind(&f, spec, nspec, idx, NULL, NULL, &d);
    m = all_diags(&d);
    diags_release(&d);
    csvfile_release(&f);
    return m;
}

static void test_bind(void)
{
    static const csv_colspec_t spec[] = {
        {"trainee_id", "aios_id|aios", 1}, {"name", "naam", 1}, {"factor", NULL, 0}};
    int idx[3], rc;
    char *m = bind_msgs(" NAAM ;Opmerking; AIOS_ID\n", spec, 3, idx, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(idx[0], 2);
    CU_ASSERT_EQUAL(idx[1], 0);
    CU_ASSERT_EQUAL(idx[2], -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:1: warning: unknown column 'Opmerking' is ignored "
                              "(expected trainee_id, name, factor)\n");
    free(m);
    m = bind_msgs("trainee_id,name,naam\n", spec, 3, idx, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:1: column 'name': two columns name it: 'name' (column 2) "
                              "and 'naam' (column 3) (expected each column once)\n");
    free(m);
    m = bind_msgs("trainee_id,factor\n", spec, 3, idx, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:1: missing required column 'name' (expected it in the "
                              "header line)\n");
    free(m);
    /* a ';' file read with ',' */
    csvfile_t f;
    parse_n(&f, "trainee_id;name\n", 16, ',', &m);
    free(m);
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL(csvfile_bind(&f, spec, 3, idx, NULL, NULL, &d), -1);
    m = all_diags(&d);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:1: the header line is one column: its names are separated "
                              "by ';', not by ',' (expected ',' between the columns, as the "
                              "delimiter option asks, or no delimiter option)\n");
    free(m);
    diags_release(&d);
    csvfile_release(&f);
    m = bind_msgs("trainee_id,,name,x,x\n", spec, 3, idx, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_STRING_EQUAL(m, "t.csv:1: warning: column 2 has no name in the header line, so its "
                              "cells are ignored (expected a column name)\n"
                              "t.csv:1: warning: unknown column 'x' is ignored (expected "
                              "trainee_id, name, factor)\n");
    free(m);
}

static void test_read_files(void)
{
    csvfile_t f;
    diags_t d;
    diags_init(&d);
    csvfile_opts_t opt = {0, 1, NULL, "a,b"};
    CU_ASSERT_EQUAL(csvfile_read(&f, "fixtures", "no_such.csv", &opt, &d), 1);
    CU_ASSERT_EQUAL(d.n, 0);
    csvfile_opts_t req = {0, 0, "every input folder needs it", "a,b"};
    CU_ASSERT_EQUAL(csvfile_read(&f, "fixtures", "no_such.csv", &req, &d), -1);
    CU_ASSERT_EQUAL_FATAL(d.n, 1);
    char *s = diag_format(&d.v[0]);
    CU_ASSERT_STRING_EQUAL(s, "no_such.csv: cannot open: No such file or directory (every input "
                              "folder needs it)");
    free(s);
    CU_ASSERT_EQUAL(csvfile_read(&f, ".", "fixtures", &req, &d), -1);
    s = diag_format(&d.v[1]);
    CU_ASSERT_STRING_EQUAL(s, "fixtures: cannot read: not a regular file (expected a CSV file)");
    free(s);
    diags_release(&d);
    diags_init(&d);
    CU_ASSERT_EQUAL(csvfile_read(&f, "fixtures/valid", "parttime.csv", &req, &d), 0);
    CU_ASSERT_EQUAL(d.n, 0);
    CU_ASSERT_STRING_EQUAL(f.name, "parttime.csv");
    CU_ASSERT_EQUAL(f.encoding, CSVFILE_CP1252);
    CU_ASSERT_EQUAL(f.delimiter, ';');
    CU_ASSERT_EQUAL(f.crlf, 1);
    csvfile_release(&f);
    diags_release(&d);
    /* a file over 64 MiB is refused without being read (a sparse file) */
    char dir[] = "/tmp/stagematch_csvXXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/big.csv", dir);
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(ftruncate(fileno(fp), (off_t)CSVFILE_MAX_BYTES + 1), 0);
    fclose(fp);
    diags_init(&d);
    CU_ASSERT_EQUAL(csvfile_read(&f, dir, "big.csv", &req, &d), -1);
    CU_ASSERT_EQUAL_FATAL(d.n, 1);
    s = diag_format(&d.v[0]);
    CU_ASSERT_STRING_EQUAL(s, "big.csv: file is larger than 64 MiB (expected an input file of at "
                              "most some thousands of rows: is it the right file?)");
    free(s);
    diags_release(&d);
    csvfile_release(&f);
    remove(path);
    rmdir(dir);
}

int suite_csv(void); /* called by run.c */
int suite_csv(void)
{
    CU_pSuite s = CU_add_suite("csv", NULL, NULL);
    if (!s || !CU_add_test(s, "basic LF", test_basic_lf) ||
        !CU_add_test(s, "BOM, CRLF, ';'", test_bom_crlf_semicolon) ||
        !CU_add_test(s, "lone CR and blank lines", test_lone_cr_and_blank) ||
        !CU_add_test(s, "quoted newlines keep start lines", test_quoted_newlines) ||
        !CU_add_test(s, "delimiter detection", test_delimiter) ||
        !CU_add_test(s, "Windows-1252", test_cp1252) ||
        !CU_add_test(s, "bad encodings", test_bad_encoding) ||
        !CU_add_test(s, "UTF-16 and binary", test_utf16_and_binary) ||
        !CU_add_test(s, "NUL and control characters", test_nul_and_controls) ||
        !CU_add_test(s, "quote errors", test_quote_errors) ||
        !CU_add_test(s, "ragged rows", test_ragged) ||
        !CU_add_test(s, "1 MB field", test_big_field) ||
        !CU_add_test(s, "empty files", test_empty) ||
        !CU_add_test(s, "header binding", test_bind) ||
        !CU_add_test(s, "files", test_read_files))
        return -1;
    return 0;
}
