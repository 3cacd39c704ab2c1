#include "CGlibcCompat.h"

#include <errno.h>
#include <math.h>

// Both work in a wider type, whose range holds the square of any argument and
// whose precision keeps the error of the sum and the root below the final
// rounding: float in double (a float's square is exact in double), double in
// x87's 80-bit long double (64-bit significand, 15-bit exponent). No scaling
// is needed, and subnormal arguments keep their precision.

float mapu_hypotf(float x, float y) {
    if (isinf(x) || isinf(y)) return INFINITY;
    if (isnan(x) || isnan(y)) return x + y;
    double wide_x = x, wide_y = y;
    float result = (float)__builtin_sqrt(wide_x * wide_x + wide_y * wide_y);
    if (isinf(result)) errno = ERANGE;
    return result;
}

double mapu_hypot(double x, double y) {
    if (isinf(x) || isinf(y)) return INFINITY;
    if (isnan(x) || isnan(y)) return x + y;
    long double wide_x = x, wide_y = y;
    double result = (double)__builtin_sqrtl(wide_x * wide_x + wide_y * wide_y);
    if (isinf(result)) errno = ERANGE;
    return result;
}

// The names the Swift runtime links against. Defined here, in an object file
// of the executable, they are found before the static link searches libm.
float hypotf(float x, float y) __attribute__((alias("mapu_hypotf")));
double hypot(double x, double y) __attribute__((alias("mapu_hypot")));
