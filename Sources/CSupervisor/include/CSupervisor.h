#pragma once
// What the supervisor needs of Linux that Swift's Glibc module does not
// show: the worker asks to die with its parent.

// Makes the calling process receive SIGKILL when its parent dies; 0 on success.
int csupervisor_die_with_parent(void);
