/* idlers - a crowd of idle processes for tests/busy.sh: a busy machine has
 * thousands of processes, and a test that assumes it sees only its own
 * should fail here rather than on someone's desktop.
 *
 *   idlers N
 *
 * Forks N children that sleep until their parent ends, prints "ready N" on
 * stdout once all exist, then waits. SIGTERM, SIGINT or SIGHUP ends it and
 * every child. Each child dies with it even when it is SIGKILLed
 * (PR_SET_PDEATHSIG), and it dies with the process that started it, so a
 * crashed test run leaves no crowd behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? strtol(argv[1], NULL, 10) : -1;
	if (n < 1 || n > 30000) {
		fprintf(stderr, "usage: idlers N (1 to 30000)\n");
		return 2;
	}
	pid_t starter = getppid();
	/* gone with whoever started us; if that already happened, go now */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != starter)
		return 1;
	pid_t self = getpid();
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* held until the crowd is made, then waited for with sigsuspend: a
	 * signal between a check and a pause() cannot be lost */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	/* children are killed by pid, never by group: the caller's group may
	 * hold the command under test */
	pid_t *kids = calloc((size_t)n, sizeof *kids);
	if (!kids) {
		perror("idlers");
		return 1;
	}
	long made = 0;
	for (; made < n; made++) {
		pid_t p = fork();
		if (p < 0) {
			perror("idlers: fork");
			break;
		}
		if (p == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != self)
				_exit(0);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			sigprocmask(SIG_SETMASK, &old, NULL);
			for (;;)
				pause();
		}
		kids[made] = p;
	}
	int rc = 1;
	if (made == n) {
		printf("ready %ld\n", made);
		fflush(stdout);
		while (!stop)
			sigsuspend(&old);
		rc = 0;
	}
	for (long i = 0; i < made; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	free(kids);
	return rc;
}
