#pragma once
// What the runtime's processes need of Linux that Swift's Glibc module does
// not show: the worker asks to die with its parent; the process keeps to one
// malloc arena.

// Makes the calling process receive SIGKILL when its parent dies; 0 on success.
int csupervisor_die_with_parent(void);

// Makes malloc use one arena for every thread (mallopt M_ARENA_MAX); 1 on success.
int csupervisor_one_malloc_arena(void);
