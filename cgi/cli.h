/* cli.h — host and auditor commands that need more than a line in main.c. */
#ifndef SG_CLI_H
#define SG_CLI_H

/* salesgate user add --login L --role R [--name N] [--team T] [--region C]
 *                    [--manager LOGIN] [--password-stdin] */
int cli_user(int argc, char **argv);

/* salesgate audit verify */
int cli_audit(int argc, char **argv);

/* salesgate load-check [--repair]: routing's kept open loads against the
 * real counts; exit 1 on drift unless repaired. */
int cli_load_check(int argc, char **argv);

#endif
