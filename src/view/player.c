/* player.c - replay controls for the dashboard; see player.h. Going back is
 * done by playing the recording again from its start up to the sample
 * before (the analysis, growth to forecast, is built sample by sample and
 * cannot be undone); a recording plays thousands of samples a second. */
#include "view/player.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "util/xalloc.h"
#include "view/draw.h"
#include "view/theme.h"

#define SEEK_S 60.0
#define SPEED_MIN 0.01   /* as --speed allows */
#define SPEED_MAX 10000.0

void player_init(struct player *p, const struct player_src *src, double speed)
{
	*p = (struct player){.src = *src, .speed = speed > 0 ? speed : 1};
}

void player_free(struct player *p)
{
	free(p->times);
	p->times = NULL;
}

static double shown_t(const struct player *p)
{
	return p->played ? p->times[p->played - 1] : 0;
}

/* Back to the sample with index k (0 the first): played again from the start. */
static enum player_act back_to(struct player *p, size_t k)
{
	p->target = k + 1;
	p->seek_t = 0;
	return PLAYER_RESTART;
}

enum player_act player_key(struct player *p, int ch)
{
	switch (ch) {
	case 'Z':
		p->paused = !p->paused;
		return PLAYER_DONE;
	case KEY_RIGHT:
		p->paused = true;
		if (!p->ended)
			p->target = p->played + 1;
		return PLAYER_DONE;
	case KEY_LEFT:
		p->paused = true;
		return p->played >= 2 ? back_to(p, p->played - 2) : PLAYER_DONE;
	case '}':
		if (p->played && !p->ended)
			p->seek_t = shown_t(p) + SEEK_S;
		return PLAYER_DONE;
	case '{': {
		if (p->played < 2)
			return PLAYER_DONE;
		double want = shown_t(p) - SEEK_S;
		size_t k = 0;
		while (k + 1 < p->played && p->times[k + 1] <= want)
			k++;
		return back_to(p, k);
	}
	case '+':
		if (p->speed * 2 <= SPEED_MAX)
			p->speed *= 2;
		return PLAYER_DONE;
	case '-':
		if (p->speed / 2 >= SPEED_MIN)
			p->speed /= 2;
		return PLAYER_DONE;
	default:
		return PLAYER_NONE;
	}
}

void player_restarted(struct player *p)
{
	p->src.seek(p->src.ctx, 0);
	p->played = 0;
	p->ended = false;
}

bool player_catching_up(struct player *p)
{
	if (p->played < p->target)
		return true;
	if (p->seek_t > 0) {
		double next = p->src.peek_t(p->src.ctx);
		if (next > 0 && next <= p->seek_t)
			return true;
		p->seek_t = 0;
	}
	return false;
}

bool player_want(struct player *p, bool due)
{
	bool want = player_catching_up(p) || (due && !p->paused);
	if (want && p->src.peek_t(p->src.ctx) <= 0) {
		p->ended = true;
		p->target = p->played;
		p->seek_t = 0;
		return false;
	}
	return want;
}

void player_played(struct player *p, double t)
{
	xgrow((void **)&p->times, &p->times_cap, p->played + 1, sizeof *p->times);
	p->times[p->played++] = t;
}

double player_gap(struct player *p)
{
	if (p->paused || p->ended)
		return 0.25;
	double next = p->src.peek_t(p->src.ctx), t = shown_t(p);
	if (next <= 0)
		return 0;   /* the end: found at once */
	double gap = next > t ? (next - t) / p->speed : 0;
	return gap > 3600 ? 3600 : gap;
}

static int speed_text(char *buf, size_t n, double speed)
{
	return speed >= 1 ? snprintf(buf, n, "x%g", speed) : snprintf(buf, n, "x1/%g", 1 / speed);
}

void player_draw(const struct player *p, const struct theme *t, int y, int cols)
{
	char buf[200], sp[16], when[16] = "--:--:--";
	draw_clear_row(y, 0);
	if (p->played) {
		time_t tt = (time_t)shown_t(p);
		struct tm tm;
		localtime_r(&tt, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	}
	speed_text(sp, sizeof sp, p->speed);
	const char *state = p->ended ? "end" : p->paused ? "paused" : "playing";
	int x = 0;
	snprintf(buf, sizeof buf, "REPLAY %s #%zu %s %s ", when, p->played, sp, state);
	x += draw_text(y, x, buf, 0, cols - x, t->attr[p->ended ? R_WARN : R_PIN]);
	if (p->ended) {
		const char *note = p->src.end_note(p->src.ctx);
		if (note && *note)
			x += draw_fmt(y, x, cols - x, t->attr[R_WARN], "(%s) ", note);
	}
	static const char *const keys[][2] = {
		{"Z", "pause"}, {"Left/Right", "step"}, {"{ }", "60s"}, {"+-", "speed"}, {"h", "help"},
		{"q", "quit"},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0] && x < cols; i++) {
		x += draw_text(y, x, keys[i][0], 0, cols - x, t->attr[R_LABEL]);
		snprintf(buf, sizeof buf, ":%s ", keys[i][1]);
		x += draw_text(y, x, buf, 0, cols - x, t->attr[R_TEXT]);
	}
}

size_t player_help_lines(bool demo, const char **out, size_t max)
{
	static const char *const rows[] = {
		"Replay keys (Z, + - and Left Right below are the live ones):",
		"Z            pause / play",
		"Left Right   one sample back / forward",
		"{  }         60 s back / forward",
		"+  -         faster / slower",
		"i            what the meters and the row mean (demo)",
		"",
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && n < max; i++)
		if (demo || strncmp(rows[i], "i ", 2) != 0)
			out[n++] = rows[i];
	return n;
}
