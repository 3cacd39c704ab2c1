// mapu-supervisor: what the process Lambda started becomes once the bootstrap
// has forked its worker (see Supervisor.swift). It holds the worker's records
// of the CloudFormation request in hand and waits; should the worker die of a
// signal, it executes the bootstrap again with those records, and the fresh
// bootstrap answers CloudFormation and Lambda before it serves again.
//
// Written in C, not Swift, because it stays resident beside the worker for
// the life of the function: measured with scripts/bench.py, the forked Swift
// supervisor kept ~9.6 MiB resident (the pages the Swift runtime touched
// before the fork), this one ~1.3 MiB. It knows nothing of HTTP or JSON: it
// keeps whole record lines, telling only `ready` and `begin` apart.
//
// usage: mapu-supervisor WORKER_PID RECORDS_FD BOOTSTRAP
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

// The records of one invocation are a begin line (its ResponseURL is the
// bulk, a few KiB) and two short lines; anything past this is not ours.
#define RECORDS_LIMIT (256 * 1024)

static volatile pid_t worker;

static void forward(int signal) {
    int saved = errno;
    kill(worker, signal);
    errno = saved;
}
static void child_ended(int signal) { (void)signal; }

struct records {
    char ready[4096];      // the last `ready` line, if any
    size_t ready_length;
    char current[RECORDS_LIMIT];  // the lines since the last `begin`
    size_t current_length;
    char pending[RECORDS_LIMIT];  // an incomplete line
    size_t pending_length;
    int overlong;                 // the line being read outgrew `pending`: dropped
};

static struct records records;
static void writeall(int fd, const char *bytes, size_t count);

static void keep(const char *line, size_t length) {
    // A JSON string value never holds an unescaped quote, so these markers
    // can only be the record's own "kind" member.
    if (memmem(line, length, "\"kind\":\"ready\"", 14)) {
        if (length <= sizeof records.ready) {
            memcpy(records.ready, line, length);
            records.ready_length = length;
        }
        return;
    }
    if (memmem(line, length, "\"kind\":\"begin\"", 14)) records.current_length = 0;
    if (records.current_length + length <= sizeof records.current) {
        memcpy(records.current + records.current_length, line, length);
        records.current_length += length;
    }
}

// Splits what was read into lines (each kept with its newline); a line too
// long to hold is dropped whole, never glued to the next.
static void take(const char *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (records.pending_length < sizeof records.pending) records.pending[records.pending_length++] = bytes[i];
        else records.overlong = 1;
        if (bytes[i] == '\n') {
            if (!records.overlong) keep(records.pending, records.pending_length);
            records.pending_length = 0;
            records.overlong = 0;
        }
    }
}

// Reads what the pipe holds; returns 0 once the worker's end is closed.
static int drain(int fd) {
    char chunk[16384];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got > 0) { take(chunk, (size_t)got); continue; }
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && errno == EAGAIN) return 1;
        return 0;
    }
}

// When the records cannot be handed on, they go to the log: the request in
// hand (its ResponseURL included) is then there for a person to answer.
static void give_up(const char *why, int signal) {
    fprintf(stderr, "mapu-supervisor: the worker died of signal %d and %s; CloudFormation was not answered. "
                    "The worker's records of the request in hand follow.\n", signal, why);
    fflush(stderr);
    writeall(2, records.ready, records.ready_length);
    writeall(2, records.current, records.current_length);
}

static int parse_int(const char *text, long *value) {
    char *end;
    errno = 0;
    *value = strtol(text, &end, 10);
    return errno == 0 && end != text && *end == '\0';
}

static void writeall(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

int main(int argc, char **argv) {
    long pid, fd;
    if (argc != 4 || !parse_int(argv[1], &pid) || !parse_int(argv[2], &fd) || pid <= 0 || fd < 0) {
        fprintf(stderr, "usage: mapu-supervisor WORKER_PID RECORDS_FD BOOTSTRAP (started by the bootstrap, not by hand)\n");
        return 2;
    }
    worker = (pid_t)pid;
    int records_fd = (int)fd;
    fcntl(records_fd, F_SETFD, FD_CLOEXEC);
    fcntl(records_fd, F_SETFL, fcntl(records_fd, F_GETFL) | O_NONBLOCK);

    // SIGCHLD is blocked except inside ppoll, so the worker's end cannot slip
    // in between a check and the wait.
    sigset_t original, blocked, waiting;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blocked, &original);
    waiting = original;
    sigdelset(&waiting, SIGCHLD);
    sigdelset(&waiting, SIGTERM);
    struct sigaction action = {0};
    action.sa_handler = child_ended;
    sigaction(SIGCHLD, &action, NULL);
    action.sa_handler = forward;
    sigaction(SIGTERM, &action, NULL);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &term, NULL);

    int status = 0, open = 1;
    for (;;) {
        pid_t ended = waitpid(worker, &status, WNOHANG);
        if (ended == worker) break;
        if (ended < 0 && errno != EINTR) {
            // Not ours to wait for (cannot happen to a child we were given):
            // nothing is known of how it ended.
            perror("mapu-supervisor: waitpid");
            kill(worker, SIGKILL);
            return 1;
        }
        struct pollfd entry = {.fd = open ? records_fd : -1, .events = POLLIN};
        int ready = ppoll(&entry, 1, NULL, &waiting);
        if (ready > 0 && open) open = drain(records_fd);
    }
    if (open) drain(records_fd);
    // The worker is reaped: its pid may be reused, so SIGTERM is not passed on.
    sigprocmask(SIG_BLOCK, &term, NULL);

    if (WIFEXITED(status)) return WEXITSTATUS(status);

    // Dead of a signal: hand the records to a fresh bootstrap in this process
    // (Lambda watches this pid), which answers for the request and serves on.
    int handover = memfd_create("mapu-records", 0);
    if (handover < 0) {
        char why[128];
        snprintf(why, sizeof why, "memfd_create failed (%s)", strerror(errno));
        give_up(why, WTERMSIG(status));
        return 1;
    }
    writeall(handover, records.ready, records.ready_length);
    writeall(handover, records.current, records.current_length);
    lseek(handover, 0, SEEK_SET);
    char signal_text[16], fd_text[16];
    snprintf(signal_text, sizeof signal_text, "%d", WTERMSIG(status));
    snprintf(fd_text, sizeof fd_text, "%d", handover);
    sigprocmask(SIG_SETMASK, &original, NULL);
    char *fresh[] = {argv[3], "--after-crash", signal_text, fd_text, NULL};
    execv(argv[3], fresh);
    char why[PATH_MAX + 128];
    snprintf(why, sizeof why, "%s cannot be executed (%s)", argv[3], strerror(errno));
    give_up(why, WTERMSIG(status));
    return 1;
}
