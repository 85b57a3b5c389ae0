/* player.h - the dashboard's controls for a replay: pause, a sample
 * forward or back, a minute forward or back, faster and slower. The keys
 * are answered before the dashboard's own (tui.c). A view does not read a
 * source: main hands the player these few calls on the replay source. */
#ifndef OOMCAST_PLAYER_H
#define OOMCAST_PLAYER_H

#include <stdbool.h>
#include <stddef.h>

struct theme;

struct player_src {
	void *ctx;
	/* the next tick plays sample i (0 the first, one played before): 0 or -1 */
	int (*seek)(void *ctx, size_t i);
	/* the recorded time of the next sample; 0 when there is none */
	double (*peek_t)(void *ctx);
	/* why there is none: "" the recording is over, else a warning */
	const char *(*end_note)(void *ctx);
};

struct player {
	struct player_src src;
	bool paused, ended;
	double speed;               /* recorded seconds a second */
	size_t played;              /* samples analysed: the one shown is played - 1 */
	size_t target;              /* play up to this many at once (a step, a seek) */
	double seek_t;              /* and on while the next is not later than this; 0 none */
	double *times;              /* the recorded time of each sample played */
	size_t times_cap;
};

enum player_act {
	PLAYER_NONE,                /* not a replay key: the dashboard's own */
	PLAYER_DONE,                /* answered (pace or state changed) */
	PLAYER_RESTART,             /* going back: forget the analysis, then player_restarted */
};

void player_init(struct player *p, const struct player_src *src, double speed);
void player_free(struct player *p);
enum player_act player_key(struct player *p, int ch);
/* The analysis was started afresh: play from the first sample again. */
void player_restarted(struct player *p);
/* Should a sample be played now? due: its time has come at the pace. */
bool player_want(struct player *p, bool due);
/* Playing samples to reach a step or seek (do not draw or wait between). */
bool player_catching_up(struct player *p);
/* A sample with recorded time t was played. */
void player_played(struct player *p, double t);
/* Wall seconds from the sample shown to the next, at the speed; 0.25 when
 * paused or over. */
double player_gap(struct player *p);
/* The status line: where in the recording, the speed, the keys. */
void player_draw(const struct player *p, const struct theme *t, int y, int cols);
/* The replay keys, for the top of the help (they replace the live
 * meanings of Z, + - and Left Right); demo: with the demo's i. Returns the
 * number of lines. */
size_t player_help_lines(bool demo, const char **out, size_t max);

#endif
