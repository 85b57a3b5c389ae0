/* modelcmd.h - `oomcast model FILE [-c N]`; returns the exit status. */
#ifndef OOMCAST_MODELCMD_H
#define OOMCAST_MODELCMD_H

int model_main(int argc, char **argv);

#endif
