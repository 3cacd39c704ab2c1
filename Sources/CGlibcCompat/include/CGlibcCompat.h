#ifndef CGLIBCCOMPAT_H
#define CGLIBCCOMPAT_H

// hypot and hypotf for a bootstrap that must start on glibc 2.34
// (provided.al2023). The Swift runtime's Glibc overlay calls hypotf, and
// glibc 2.35 gave hypot and hypotf new symbol versions (GLIBC_2.35), so a
// binary linked on a newer glibc would refuse to load there. This target
// defines both; a static link resolves them here before libm is searched,
// so the binary asks libm for no GLIBC_2.35 symbol.
//
// Contract (the same as glibc's): IEEE 754 hypot: an infinite argument gives
// +infinity even when the other is a quiet NaN; otherwise a NaN gives NaN; a
// finite result that overflows gives +infinity and sets errno to ERANGE.
// hypotf is correctly rounded except in rare double-rounding cases (as glibc's
// since 2.35, which uses the same method); hypot is within 1 ulp.

double mapu_hypot(double x, double y);
float mapu_hypotf(float x, float y);

#endif
