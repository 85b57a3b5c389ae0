/* recording.c - write and read oomcast recordings: the file's frames
 * (compressed, flushed whole) around the records rec_encode.c and
 * rec_decode.c make and read; see recording.h. */
#include "formats/rec_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "formats/zlibdl.h"
#include "util/xalloc.h"

enum { ENC_RAW = 0, ENC_ZLIB = 1 };
#define FRAME_HEAD 12

static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct rec_writer {
	FILE *f;
	struct zlibdl zl;
	struct strbuf raw;
	uint8_t *z;
	size_t zcap;
	int *sampled;
	size_t sampled_cap, nsampled;
	size_t ncgroups_sampled;
	bool marked;
	int error;                  /* the first write error (errno), 0 none */
};

/* One frame, compressed; the file is flushed after it, so what a crash or
 * a kill leaves behind ends with whole records. */
static int write_frame(struct rec_writer *w, char kind, char *err, size_t errlen)
{
	if (w->raw.len > REC_FRAME_MAX) {
		set_err(err, errlen, "a sample is too large to record");
		return -1;
	}
	uLongf zlen = w->zl.compressBound((uLong)w->raw.len);
	xgrow((void **)&w->z, &w->zcap, (size_t)zlen + FRAME_HEAD, 1);
	if (w->zl.compress2(w->z + FRAME_HEAD, &zlen, (const Bytef *)w->raw.s, (uLong)w->raw.len,
		      Z_BEST_SPEED) != Z_OK) {
		set_err(err, errlen, "cannot compress a sample");
		return -1;
	}
	w->z[0] = (uint8_t)kind, w->z[1] = ENC_ZLIB, w->z[2] = w->z[3] = 0;
	le32(w->z + 4, (uint32_t)zlen);
	le32(w->z + 8, (uint32_t)w->raw.len);
	if (fwrite(w->z, 1, (size_t)zlen + FRAME_HEAD, w->f) != (size_t)zlen + FRAME_HEAD ||
	    fflush(w->f) != 0) {
		w->error = errno ? errno : EIO;
		snprintf(err, errlen, "cannot write the recording: %s", strerror(w->error));
		return -1;
	}
	return 0;
}

struct rec_writer *rec_writer_open(const char *path, const struct rec_header *h, char *err,
                                   size_t errlen)
{
	struct zlibdl zl;
	if (!zlibdl_open(&zl, err, errlen))
		return NULL;
	FILE *f = fopen(path, "we");
	if (!f) {
		snprintf(err, errlen, "cannot create %.200s: %s", path, strerror(errno));
		zlibdl_close(&zl);
		return NULL;
	}
	struct rec_writer *w = xcalloc(1, sizeof *w);
	w->f = f;
	w->zl = zl;
	uint8_t head[REC_MAGIC_LEN + 4];
	memcpy(head, REC_MAGIC, REC_MAGIC_LEN);
	le16(head + REC_MAGIC_LEN, REC_MAJOR);
	le16(head + REC_MAGIC_LEN + 2, REC_MINOR);
	if (fwrite(head, 1, sizeof head, f) != sizeof head) {
		snprintf(err, errlen, "cannot write %.200s: %s", path, strerror(errno));
		rec_writer_close(w, NULL, 0);
		return NULL;
	}
	rec_encode_header(&w->raw, h);
	if (write_frame(w, 'H', err, errlen) < 0) {
		rec_writer_close(w, NULL, 0);
		return NULL;
	}
	return w;
}

void rec_writer_mark(struct rec_writer *w, const struct snapshot *s)
{
	xgrow((void **)&w->sampled, &w->sampled_cap, s->nprocs + 1, sizeof *w->sampled);
	for (size_t i = 0; i < s->nprocs; i++)
		w->sampled[i] = s->procs[i].cgroup;
	w->nsampled = s->nprocs;
	w->ncgroups_sampled = s->ncgroups;
	w->marked = true;
}

static int add_sample(struct rec_writer *w, const struct snapshot *s, const int *sampled,
                      size_t ncgroups_sampled, char *err, size_t errlen)
{
	if (w->error) {
		snprintf(err, errlen, "cannot write the recording: %s", strerror(w->error));
		return -1;
	}
	sb_reset(&w->raw);
	rec_encode_sample(&w->raw, s, sampled, ncgroups_sampled);
	return write_frame(w, 'S', err, errlen);
}

int rec_writer_add(struct rec_writer *w, const struct snapshot *s, char *err, size_t errlen)
{
	bool marked = w->marked && w->nsampled == s->nprocs;
	w->marked = false;
	return add_sample(w, s, marked ? w->sampled : NULL, marked ? w->ncgroups_sampled : s->ncgroups,
	                  err, errlen);
}

int rec_writer_add_recorded(struct rec_writer *w, const struct rec_sample *r, char *err,
                            size_t errlen)
{
	return add_sample(w, &r->snap, r->sampled_cgroup, r->ncgroups_sampled, err, errlen);
}

int rec_writer_close(struct rec_writer *w, char *err, size_t errlen)
{
	if (!w)
		return 0;
	int rc = w->error ? -1 : 0;
	if (fclose(w->f) != 0 && rc == 0) {
		rc = -1;
		w->error = errno;
	}
	if (rc < 0 && err)
		snprintf(err, errlen, "cannot write the recording: %s", strerror(w->error ? w->error : EIO));
	sb_free(&w->raw);
	free(w->z);
	free(w->sampled);
	zlibdl_close(&w->zl);
	free(w);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

struct rec_reader {
	FILE *f;
	struct zlibdl zl;
	uint8_t *buf, *raw;
	size_t buf_cap, raw_cap;
	off_t *index;               /* where each sample read so far starts */
	size_t nindex, index_cap;
	size_t next;                /* the sample the next call reads */
	off_t at;                   /* the file position */
};

enum frame_status { FR_OK, FR_END, FR_TRUNC, FR_BAD };

/* Up to want bytes into r->buf, grown as they come (a length that lies
 * costs no more than the file holds). */
static size_t read_grow(struct rec_reader *r, size_t want)
{
	size_t got = 0;
	while (got < want) {
		size_t chunk = want - got < (1u << 20) ? want - got : (1u << 20);
		xgrow((void **)&r->buf, &r->buf_cap, got + chunk, 1);
		size_t n = fread(r->buf + got, 1, chunk, r->f);
		got += n;
		if (n < chunk)
			break;
	}
	return got;
}

/* The next frame: its kind, and its payload inflated into r->raw. */
static enum frame_status read_frame(struct rec_reader *r, char *kind, size_t *len, char *err,
                                    size_t errlen)
{
	uint8_t h[FRAME_HEAD];
	size_t n = fread(h, 1, sizeof h, r->f);
	if (n == 0)
		return FR_END;
	if (n < sizeof h) {
		set_err(err, errlen, "it ends inside a record header");
		return FR_TRUNC;
	}
	uint32_t stored = get32(h + 4), raw = get32(h + 8);
	if (h[1] > ENC_ZLIB || h[2] || h[3] || stored > REC_FRAME_MAX || raw > REC_FRAME_MAX ||
	    (h[1] == ENC_RAW && stored != raw)) {
		set_err(err, errlen, "a record header is damaged");
		return FR_BAD;
	}
	/* deflate shrinks at most about 1032 to 1 */
	if (h[1] == ENC_ZLIB && (uint64_t)raw > (uint64_t)stored * 1032 + 64) {
		set_err(err, errlen, "a record header is damaged");
		return FR_BAD;
	}
	xgrow((void **)&r->buf, &r->buf_cap, 1, 1);   /* never NULL, even for 0 bytes */
	if (read_grow(r, stored) < stored) {
		set_err(err, errlen, "it ends inside a record");
		return FR_TRUNC;
	}
	r->at += (off_t)(FRAME_HEAD + stored);
	*kind = (char)h[0];
	if (h[1] == ENC_RAW) {
		xgrow((void **)&r->raw, &r->raw_cap, (size_t)raw + 1, 1);
		memcpy(r->raw, r->buf, raw);
	} else {
		xgrow((void **)&r->raw, &r->raw_cap, (size_t)raw + 1, 1);
		uLongf out = raw;
		if (r->zl.uncompress(r->raw, &out, r->buf, stored) != Z_OK || out != raw) {
			set_err(err, errlen, "a record's compressed data is damaged");
			return FR_BAD;
		}
	}
	*len = raw;
	return FR_OK;
}

struct rec_reader *rec_reader_open(FILE *f, struct rec_header *h, char *err, size_t errlen)
{
	uint8_t head[REC_MAGIC_LEN + 4];
	if (!f) {
		set_err(err, errlen, "cannot read it");
		return NULL;
	}
	size_t n = fread(head, 1, sizeof head, f);
	if (n < REC_MAGIC_LEN || memcmp(head, REC_MAGIC, REC_MAGIC_LEN) != 0) {
		set_err(err, errlen, "not an oomcast recording");
		fclose(f);
		return NULL;
	}
	if (n < sizeof head) {
		set_err(err, errlen, "it ends inside its header");
		fclose(f);
		return NULL;
	}
	memset(h, 0, sizeof *h);
	h->major = (uint16_t)(head[8] | head[9] << 8);
	h->minor = (uint16_t)(head[10] | head[11] << 8);
	if (h->major != REC_MAJOR) {
		if (err)
			snprintf(err, errlen, "recording format %u.%u is not supported (this oomcast reads %d.x)",
				 h->major, h->minor, REC_MAJOR);
		fclose(f);
		return NULL;
	}
	struct zlibdl zl;
	if (!zlibdl_open(&zl, err, errlen)) {
		fclose(f);
		return NULL;
	}
	struct rec_reader *r = xcalloc(1, sizeof *r);
	r->f = f;
	r->zl = zl;
	r->at = (off_t)sizeof head;
	char kind = 0;
	size_t len = 0;
	enum frame_status st = read_frame(r, &kind, &len, err, errlen);
	if (st != FR_OK || kind != 'H') {
		if (st == FR_OK || st == FR_END)
			set_err(err, errlen, "its header is missing");
		else if (st == FR_TRUNC)
			set_err(err, errlen, "it ends inside its header");
		rec_reader_close(r);
		return NULL;
	}
	uint16_t major = h->major, minor = h->minor;
	if (rec_decode_header(r->raw, len, h, err, errlen) < 0) {
		rec_reader_close(r);
		return NULL;
	}
	h->major = major, h->minor = minor;
	return r;
}

void rec_reader_close(struct rec_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	free(r->buf);
	free(r->raw);
	free(r->index);
	zlibdl_close(&r->zl);
	free(r);
}

enum rec_status rec_reader_next(struct rec_reader *r, struct rec_sample *out, char *err,
                                size_t errlen)
{
	for (;;) {
		off_t start = r->at;
		char kind = 0;
		size_t len = 0;
		char why[128] = "";
		enum frame_status st = read_frame(r, &kind, &len, why, sizeof why);
		if (st == FR_END)
			return REC_END;
		if (st != FR_OK) {
			/* the file position is unknown now: the next call finds nothing */
			fseeko(r->f, 0, SEEK_END);
			r->at = ftello(r->f);
			if (err)
				snprintf(err, errlen, "%s after sample %zu", why, r->next);
			return st == FR_TRUNC ? REC_TRUNCATED : REC_DAMAGED;
		}
		if (kind != 'S')
			continue;   /* a kind of record a newer minor version added */
		if (rec_decode_sample(r->raw, len, out, why, sizeof why) < 0) {
			fseeko(r->f, 0, SEEK_END);
			r->at = ftello(r->f);
			if (err)
				snprintf(err, errlen, "sample %zu is damaged: %s", r->next + 1, why);
			return REC_DAMAGED;
		}
		if (r->next == r->nindex) {
			xgrow((void **)&r->index, &r->index_cap, r->nindex + 1, sizeof *r->index);
			r->index[r->nindex++] = start;
		}
		r->next++;
		return REC_OK;
	}
}

size_t rec_reader_tell(const struct rec_reader *r)
{
	return r->next;
}

int rec_reader_seek(struct rec_reader *r, size_t i)
{
	if (i > r->nindex || (i == r->nindex && i != r->next))
		return -1;
	off_t to = i < r->nindex ? r->index[i] : r->at;
	if (fseeko(r->f, to, SEEK_SET) != 0)
		return -1;
	r->at = to;
	r->next = i;
	return 0;
}
