/* bench/routing.c — worker time to choose 1 owner among 500 eligible reps
 * (routing_evaluate + routing_select, every strategy), in memory: the
 * database part (one candidate query, the decision rows) is measured by
 * bench/run.sh end to end. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "routing.h"

#define N 500
#define ROUNDS 20000

int main(void)
{
	static struct routing_cand c[N];
	struct routing_weights w = { 0.40, 0.35, 0.25 };
	struct timespec a, b;
	long long sink = 0;

	for (int s = 0; s < RS_COUNT; s++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int r = 0; r < ROUNDS; r++) {
			for (int i = 0; i < N; i++) {
				memset(&c[i], 0, sizeof(c[i]));
				c[i].user_id = i + 1;
				c[i].active = c[i].cert_ok = c[i].in_region = 1;
				c[i].load = (i * 7 + r) % 35;
				c[i].load_cap = 35;
				c[i].hired_days = i % 120;
				c[i].speed = (i * 13) % 100;
				c[i].conv = (i * 29) % 100;
			}
			routing_evaluate(c, N, s, &w);
			sink += routing_select(c, N, s, r % N);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("routing: 1 lead among %d reps, %-12s %6.2f µs\n", N, routing_strategy_name(s),
		       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / ROUNDS);
	}
	return sink == -1;
}
