/* model/fields.h: a document's keys described once, as rows.
 *
 * A row names one key of a JSON document (memwatch-json(5)) and where its
 * value lives in a model struct: the key, the value's type, its unit, the
 * offset of the value and how its presence is known. The writers, the
 * readers and the OpenMetrics walk go over the rows instead of naming the
 * keys each in turn, so a key is added by adding a row (and the parser
 * that fills it). The tables themselves are with the model structs they
 * describe (snapshot_fields.h, system_fields.h); they are constant.
 */
#ifndef MW_MODEL_FIELDS_H
#define MW_MODEL_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct mw_arena;

/* What the value is in the struct, and how the document writes it. */
enum field_type {
	FT_U64,		/* uint64_t: a non-negative integer */
	FT_U32,		/* uint32_t: a non-negative integer */
	FT_I64,		/* int64_t: an integer */
	FT_PID,		/* pid_t: an integer above 0 */
	FT_ADDR,	/* uint64_t: "0x" and lower-case hex */
	FT_PERMS,	/* char[5]: four characters ("rw-p") */
	FT_DEV,		/* two uint32_t, major then minor: "fe:01" */
	FT_STR,		/* const char * and a size_t length after it:
			 * untrusted bytes, made valid UTF-8 */
	FT_CSTR,	/* const char *, NUL-terminated: untrusted bytes */
	FT_CHAR,	/* char: a string of one character */
	FT_TIME,	/* time_t: RFC 3339, UTC */
	FT_ARGV,	/* const char * and a size_t length: NUL-separated
			 * arguments, an array of strings */
	FT_KIND,	/* a mapping's kind (model/vma.h): written only */
	FT_SMAPS,	/* a struct vma's smaps fields that are present, in
			 * their order (parse/smaps.c's table): one key each */
	FT_VMFLAGS,	/* a struct vma's flags: an array of two-letter codes */
	FT_EXTRA,	/* a struct vma's unknown fields: an object */
	FT_DERIVED,	/* an amount computed by get(): written only */
	FT_DERIVED_I64,	/* an integer computed by get() (int64_t): written only */
	FT_DERIVED_BOOL,	/* true when get() is not 0: written only */
	FT_DERIVED_STR,	/* the string text() gives: written only */
	FT_PARAMS,	/* struct mm_param * and a size_t count after it: an
			 * object of names and their text (model/mmstate.h):
			 * written only */
	FT_ITEMS,	/* a pointer to items of size bytes and a size_t
			 * count after it: an array of objects, the rows
			 * sub[0..nsub) over each item: written only */
	FT_NODE,	/* int: a NUMA node number, 0 to 2^20 */
	FT_ZONE,	/* char[size]: a zone's name, printable, no spaces */
	FT_PAGES,	/* uint64_t pages: bytes in the document (the context's
			 * page size; a reader rounds down) */
	FT_BOOL,	/* uint64_t 0 or 1: false or true; a reader passes a
			 * value of another type over */
	FT_PAGE_LIST,	/* uint64_t[size] pages, the unsigned count at
			 * count_off: an array of bytes; a reader takes the
			 * first size items of an array, passes anything else
			 * over */
	FT_COUNTS,	/* uint64_t[size], the unsigned count at count_off: an
			 * array of 1 to size counts */
	FT_ORDERS,	/* uint32_t, bit o for order o: an array of the orders
			 * below the count at count_off; a reader keeps those
			 * below size, takes an item that is not an integer as
			 * 0 and passes anything else over */
	FT_KV,		/* struct proc_kv * and a size_t count after it: an
			 * object of kernel names and counts (blanks in the
			 * names with RF_BLANKS) */
	FT_PERCENT,	/* uint32_t hundredths: a number from 0 to 100 */
	FT_NAMED,	/* unsigned: the index of a name the document lists:
			 * written as text(), read by index() */
	FT_OBJECT,	/* the rows sub[0..nsub) over the struct at off: an
			 * object; a reader passes a value of another type
			 * over (refuses it with RF_STRICT) */
	FT_WORD,	/* const char *, NUL-terminated: a string of printable
			 * ASCII without blanks ("madvise"); a reader refuses
			 * any other */
	FT_COLUMNS,	/* uint64_t[size] counts by column, the unsigned
			 * count of columns at count_off: an object of each
			 * column's name (column(), the document's) and its
			 * count; a reader takes a name's column from index()
			 * and refuses an object it cannot take */
};

/* What an amount counts, for units in text and metrics. */
enum field_unit {
	FU_NONE,	/* an identifier, a name, a time */
	FU_BYTES,
	FU_COUNT,
	FU_PAGES,
};

/* How a reader or writer knows the value is there. */
enum field_known {
	FK_ALWAYS,	/* always written; a reader may find it missing */
	FK_REQUIRED,	/* always written; a document without it is refused */
	FK_FLAG,	/* the bool at known_off; rows sharing a flag are known
			 * together (a reader sets it when it read all) */
	FK_NONNULL,	/* a pointer that is not NULL */
	FK_NONZERO,	/* not 0 ('\0', time 0) */
	FK_NONNEG,	/* an int64_t that is not negative (-1: unknown) */
	FK_BIT,		/* bit `bit` of the uint32_t at known_off (a reader
			 * sets it when it read the row) */
	FK_GET,		/* has() says so: written only */
	FK_NULL,	/* always written: null where has() says it is not
			 * known; written only */
};

/* Row flags. */
#define RF_STRICT 1u	/* FT_OBJECT: a value of another type is refused */
#define RF_BLANKS 2u	/* FT_KV: a name may hold blanks */

struct field_row {
	const char *key;	/* the JSON key */
	unsigned char type;	/* enum field_type */
	unsigned char unit;	/* enum field_unit */
	unsigned char known;	/* enum field_known */
	unsigned short off;	/* offsetof the value */
	unsigned short known_off;	/* FK_FLAG: offsetof the bool */
	unsigned char bit;	/* FK_BIT: the bit */
	unsigned char flags;	/* RF_* */
	unsigned char nsub;	/* FT_OBJECT: the rows in sub */
	unsigned short size;	/* FT_ZONE: bytes with the NUL; FT_PAGE_LIST,
				 * FT_COUNTS, FT_ORDERS, FT_COLUMNS: items at
				 * the most;
				 * FT_ITEMS: bytes an item */
	unsigned short count_off;	/* FT_PAGE_LIST, FT_COUNTS, FT_ORDERS,
					 * FT_COLUMNS: offsetof the unsigned
					 * count */
	const char *why;	/* what a reader's message names when the
				 * value is wrong ("start/end"); NULL: key */
	/* not NULL: a document without the key is refused, and the reader's
	 * message asks for this ("present (every zone has it)") */
	const char *missing;
	/* what a reader's message asks for when the value is wrong; NULL:
	 * what its type says (render/json_fields.h) */
	const char *want;
	const struct field_row *sub;	/* FT_OBJECT: its keys, over the
					 * struct at base + off; FT_ITEMS:
					 * an item's */
	/* FT_DERIVED*: the value, from the struct and the document's
	 * context (field_ctx.doc: a struct sys_snapshot for its parts) */
	uint64_t (*get)(const void *base, const void *ctx);
	const char *(*text)(const void *base, const void *ctx);
	bool (*has)(const void *base, const void *ctx);	/* FK_GET */
	void (*done)(void *base);	/* FT_KV, FT_OBJECT: after a reader
					 * set it */
	/* FT_NAMED: set the index of name s[0..n) in doc (the snapshot a
	 * reader fills): 0, or -1 when it cannot be one; FT_COLUMNS: the
	 * column of name s[0..n) in doc (added when new), or -1 */
	int (*index)(void *base, void *doc, const char *s, size_t n);
	/* FT_COLUMNS: the name of column i in doc, NULL past the last */
	const char *(*column)(const void *doc, unsigned i);
	/* OpenMetrics: the family and its help, NULL when not exported */
	const char *om_name;
	const char *om_help;
};

/* What a row's value needs besides its struct. */
struct field_ctx {
	/* the second argument of get(), text(), has(), index() (a reader's
	 * is the snapshot it fills) */
	const void *doc;
	uint64_t page_size;	/* FT_PAGES, FT_PAGE_LIST: bytes a page */
	struct mw_arena *arena;	/* readers: strings and lists go there */
};

/* The largest node number a document may give (FT_NODE). */
#define MW_NODE_MAX (1 << 20)

#define FIELD_AT(base, off, type) ((type *)((char *)(base) + (off)))
#define FIELD_AT_C(base, off, type) \
	((const type *)((const char *)(base) + (off)))

/* Is row r's value there in the struct at base (doc: field_ctx.doc)? */
static inline bool
field_known(const void *base, const struct field_row *r, const void *doc)
{
	switch ((enum field_known)r->known) {
	case FK_ALWAYS:
	case FK_REQUIRED:
		return true;
	case FK_FLAG:
		return *FIELD_AT_C(base, r->known_off, bool);
	case FK_NONNULL:
		return *FIELD_AT_C(base, r->off, const char *) != NULL;
	case FK_NONZERO:
		return r->type == FT_CHAR ? *FIELD_AT_C(base, r->off, char) != 0 :
		    *FIELD_AT_C(base, r->off, int64_t) != 0;
	case FK_NONNEG:
		return *FIELD_AT_C(base, r->off, int64_t) >= 0;
	case FK_BIT:
		return *FIELD_AT_C(base, r->known_off, uint32_t) >> r->bit & 1;
	case FK_GET:
		return r->has(base, doc);
	case FK_NULL:
		return true;
	}
	return false;
}

/* A value computed from others or a list not read back: a writer's only. */
static inline bool
field_written_only(const struct field_row *r)
{
	return r->type >= FT_DERIVED && r->type <= FT_ITEMS;
}

/* The row keyed k[0..n) among rows[0..nrows), or NULL. */
static inline const struct field_row *
field_by_key(const struct field_row *rows, size_t nrows, const char *k,
    size_t n)
{
	for (size_t i = 0; i < nrows; i++)
		if (strlen(rows[i].key) == n && memcmp(rows[i].key, k, n) == 0)
			return &rows[i];
	return NULL;
}

/*
 * The same, trying the row after *hint first (a writer's documents have
 * their keys in the rows' order); *hint moves past the row found.
 */
static inline const struct field_row *
field_next_key(const struct field_row *rows, size_t nrows, const char *k,
    size_t n, size_t *hint)
{
	for (size_t j = 0, i = *hint; j < nrows; j++, i++) {
		if (i >= nrows)
			i = 0;
		if (n > 0 && rows[i].key[0] == k[0] &&
		    strlen(rows[i].key) == n && memcmp(rows[i].key, k, n) == 0) {
			*hint = i + 1;
			return &rows[i];
		}
	}
	return NULL;
}

#endif
