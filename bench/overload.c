// The overload test's generator (bench/overload.sh): an open-loop surge of registrations at a
// constant arrival rate, compiled so that it costs far less than the server it drives.
//
// New people arrive at RATE a second for SURGE seconds whatever the server answers. Each person
// registers in one request (the published seed solved for their own email, SHA-256 from
// libcrypto) from their own client address (X-Forwarded-For; the server trusts 127.0.0.1 as a
// proxy in the benchmark). A person the waiting room turns away (503 with a queue ticket and
// Retry-After) comes back with the same email and the ticket when told, again and again until
// admitted, as a browser does. After the surge only the returning people are sent, until
// DURATION, so the run shows the line draining. One thread, epoll, CONNECTIONS keep-alive
// connections with one request in flight each; a person due while every connection is busy is
// sent on the next free one, and a new arrival sent more than 20 ms after its time is counted
// as late, so the generator falling behind cannot hide as a lower rate.
//
// Prints one RESULT line in the form bench/overload.sh reads.
// usage: overload HOST PORT RATE SURGE_SECONDS DURATION_SECONDS CONNECTIONS
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { BUFFER = 16384, TICKET = 256, LATE_MS = 20 };

// Someone coming back: with a queue ticket when told to wait, or without one (`retry`) to solve
// again when their proof fell short.
typedef struct {
  double due;
  uint32_t person;
  int retry;
  char ticket[TICKET];
} Return;

typedef enum { IDLE, SEED, NEW, BACK } Sending;

typedef struct {
  int fd;
  Sending sending;
  uint32_t person;
  char ticket[TICKET];
  double sent_at;
  char out[BUFFER];
  size_t out_length, out_done;
  char in[BUFFER];
  size_t in_length;
} Connection;

static struct sockaddr_in server;
static const char *host;
static int epoll_fd;
static Connection *connections;
static int connection_count;

static Return *heap;
static size_t heap_count, heap_capacity;

static char seed[256];
static int bits;
static int seed_wanted = 1, seed_fetching;
static char run_id[64];

static long sent_new, sent_back, sent_retry, accepted, queued, short_proof, expired_proof, other, late, seed_fetches, socket_errors;
// Returns answered 503: at the door (their turn had come, "place":1) or before their turn.
static long back_door, back_early;
static double worst_late;
// When the seed was last fetched: fetched again a minute later, as a page opened again would.
static double seed_fetched_at;
// Client-side time of 202s, in ms buckets, for p50/p99 as the person sees it.
static long latency_ms[10001];

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static void heap_push(Return item) {
  if (heap_count == heap_capacity) {
    heap_capacity = heap_capacity ? heap_capacity * 2 : 65536;
    heap = realloc(heap, heap_capacity * sizeof(Return));
    if (!heap) { perror("realloc"); exit(1); }
  }
  size_t i = heap_count++;
  heap[i] = item;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (heap[parent].due <= heap[i].due) break;
    Return swap = heap[parent]; heap[parent] = heap[i]; heap[i] = swap;
    i = parent;
  }
}

static Return heap_pop(void) {
  Return top = heap[0];
  heap[0] = heap[--heap_count];
  size_t i = 0;
  for (;;) {
    size_t left = 2 * i + 1, right = left + 1, smallest = i;
    if (left < heap_count && heap[left].due < heap[smallest].due) smallest = left;
    if (right < heap_count && heap[right].due < heap[smallest].due) smallest = right;
    if (smallest == i) break;
    Return swap = heap[smallest]; heap[smallest] = heap[i]; heap[i] = swap;
    i = smallest;
  }
  return top;
}

static void open_connection(Connection *connection) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof server) != 0) { perror("connect"); exit(1); }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  connection->fd = fd;
  connection->sending = IDLE;
  connection->in_length = 0;
  struct epoll_event event = { .events = EPOLLIN, .data.ptr = connection };
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
}

static void email_of(uint32_t person, char *email, size_t size) {
  snprintf(email, size, "overload-%s-%u@bench.prakerja.id", run_id, person);
}

static int leading_zero_bits(const unsigned char *digest) {
  int count = 0;
  for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
    if (digest[i] == 0) { count += 8; continue; }
    return count + __builtin_clz((unsigned)digest[i]) - 24;
  }
  return count;
}

static unsigned long solve(const char *email) {
  char text[512];
  unsigned char digest[SHA256_DIGEST_LENGTH];
  for (unsigned long nonce = 0;; nonce++) {
    int length = snprintf(text, sizeof text, "%s:%s:%lu", seed, email, nonce);
    SHA256((const unsigned char *)text, (size_t)length, digest);
    if (leading_zero_bits(digest) >= bits) return nonce;
  }
}

static void flush(Connection *connection) {
  while (connection->out_done < connection->out_length) {
    ssize_t written = write(connection->fd, connection->out + connection->out_done,
                            connection->out_length - connection->out_done);
    if (written < 0 && errno == EAGAIN) {
      struct epoll_event event = { .events = EPOLLIN | EPOLLOUT, .data.ptr = connection };
      epoll_ctl(epoll_fd, EPOLL_CTL_MOD, connection->fd, &event);
      return;
    }
    if (written <= 0) return; // the read side sees the error
    connection->out_done += (size_t)written;
  }
}

static void send_seed_request(Connection *connection) {
  connection->sending = SEED;
  connection->out_length = (size_t)snprintf(connection->out, BUFFER,
    "GET /api/v1/challenges/seed HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: 10.99.0.1\r\n\r\n", host);
  connection->out_done = 0;
  connection->sent_at = now_ms();
  seed_fetching = 1;
  flush(connection);
}

static void send_registration(Connection *connection, uint32_t person, const char *ticket) {
  char email[128], body[512], ticket_header[TICKET + 32] = "";
  email_of(person, email, sizeof email);
  int body_length = snprintf(body, sizeof body,
    "{\"email\":\"%s\",\"proof_of_work\":{\"seed\":\"%s\",\"nonce\":\"%lu\"}}", email, seed, solve(email));
  if (ticket) snprintf(ticket_header, sizeof ticket_header, "X-Queue-Ticket: %s\r\n", ticket);
  connection->out_length = (size_t)snprintf(connection->out, BUFFER,
    "POST /api/v1/accounts HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
    "X-Forwarded-For: 10.%u.%u.%u\r\n%sContent-Length: %d\r\n\r\n%s",
    host, (person >> 16) & 255, (person >> 8) & 255, person & 255, ticket_header, body_length, body);
  connection->out_done = 0;
  connection->sending = ticket ? BACK : NEW;
  connection->person = person;
  snprintf(connection->ticket, TICKET, "%s", ticket ? ticket : "");
  connection->sent_at = now_ms();
  flush(connection);
}

// The value of header `name` in `head` (NUL-terminated), copied into `value`; 0 when absent.
// Copies `start` up to the first of `stops` into `value` (cut to fit); returns 1.
static int copy_until(const char *start, const char *stops, char *value, size_t size) {
  size_t length = strcspn(start, stops);
  if (length >= size) length = size - 1;
  memcpy(value, start, length);
  value[length] = 0;
  return 1;
}

static int header(const char *head, const char *name, char *value, size_t size) {
  size_t name_length = strlen(name);
  for (const char *line = strstr(head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
    if (strncasecmp(line + 2, name, name_length) == 0 && line[2 + name_length] == ':') {
      const char *start = line + 3 + name_length;
      while (*start == ' ') start++;
      return copy_until(start, "\r", value, size);
    }
  }
  return 0;
}

// The string or number after `"key":` in a JSON body, copied into `value`.
static int json_value(const char *body, const char *key, char *value, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char *start = strstr(body, pattern);
  if (!start) return 0;
  start += strlen(pattern);
  if (*start == '"') start++;
  return copy_until(start, "\",}", value, size);
}

static void answered(Connection *connection, int status, const char *head, const char *body) {
  double now = now_ms();
  char value[TICKET];
  Sending sent = connection->sending;
  connection->sending = IDLE;
  if (sent == SEED) {
    seed_fetching = 0;
    if (status == 200 && json_value(body, "seed", seed, sizeof seed) && json_value(body, "bits", value, sizeof value)) {
      bits = atoi(value);
      seed_wanted = 0;
      seed_fetches++;
      seed_fetched_at = now;
    } else {
      other++;
    }
    return;
  }
  if (status == 202) {
    accepted++;
    long ms = (long)(now - connection->sent_at);
    latency_ms[ms > 10000 ? 10000 : ms]++;
  } else if (status == 503 && header(head, "X-Queue-Ticket", value, sizeof value)) {
    queued++;
    Return back = { .person = connection->person };
    memcpy(back.ticket, value, sizeof back.ticket);
    back.due = now + 1000.0 * (header(head, "Retry-After", value, sizeof value) ? atof(value) : 1);
    heap_push(back);
    if (sent == BACK) {
      if (json_value(body, "place", value, sizeof value) && atoi(value) == 1) back_door++; else back_early++;
    }
  } else if (json_value(body, "required_bits", value, sizeof value)) {
    // Under load the server asks for more bits: solve with what it asks from then on, and
    // this person tries again at once.
    bits = atoi(value);
    short_proof++;
    Return again = { .due = now, .person = connection->person, .retry = 1 };
    memcpy(again.ticket, connection->ticket, sizeof again.ticket);
    heap_push(again);
  } else if (status == 400 && strstr(body, "proof_of_work_expired")) {
    // Back after the seed changed twice: the page, loaded again, solves the new seed.
    expired_proof++;
    seed_wanted = 1;
    Return again = { .due = now, .person = connection->person, .retry = 1 };
    memcpy(again.ticket, connection->ticket, sizeof again.ticket);
    heap_push(again);
  } else {
    other++;
    if (other <= 5) fprintf(stderr, "unexpected answer %d: %.300s\n", status, body);
    if (strstr(body, "proof_of_work")) seed_wanted = 1;
  }
}

static void reconnect(Connection *connection) {
  socket_errors++;
  if (connection->sending == SEED) seed_fetching = 0;
  epoll_ctl(epoll_fd, EPOLL_CTL_DEL, connection->fd, NULL);
  close(connection->fd);
  open_connection(connection);
}

// Reads what has come; hands each whole answer (status line, headers, Content-Length body) on.
static void receive(Connection *connection) {
  for (;;) {
    ssize_t got = read(connection->fd, connection->in + connection->in_length, BUFFER - 1 - connection->in_length);
    if (got < 0 && errno == EAGAIN) return;
    if (got <= 0) { reconnect(connection); return; }
    connection->in_length += (size_t)got;
    connection->in[connection->in_length] = 0;
    char *end = strstr(connection->in, "\r\n\r\n");
    if (!end) {
      if (connection->in_length >= BUFFER - 1) reconnect(connection);
      continue;
    }
    char length_text[32];
    size_t head_length = (size_t)(end - connection->in) + 4;
    *end = 0;
    size_t body_length = header(connection->in, "Content-Length", length_text, sizeof length_text)
      ? (size_t)atol(length_text) : 0;
    if (head_length + body_length > connection->in_length) {
      *end = '\r';
      if (head_length + body_length >= BUFFER) reconnect(connection);
      continue;
    }
    int status = atoi(connection->in + 9);
    char *body = connection->in + head_length;
    char saved = body[body_length];
    body[body_length] = 0;
    answered(connection, status, connection->in, body);
    body[body_length] = saved;
    size_t rest = connection->in_length - head_length - body_length;
    memmove(connection->in, connection->in + head_length + body_length, rest);
    connection->in_length = rest;
    connection->in[rest] = 0;
    if (rest == 0) return;
  }
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s HOST PORT RATE SURGE_SECONDS DURATION_SECONDS CONNECTIONS\n", argv[0]);
    return 2;
  }
  host = argv[1];
  double rate = atof(argv[3]), surge_ms = atof(argv[4]) * 1000, duration_ms = atof(argv[5]) * 1000;
  connection_count = atoi(argv[6]);
  server.sin_family = AF_INET;
  server.sin_port = htons((uint16_t)atoi(argv[2]));
  if (inet_pton(AF_INET, host, &server.sin_addr) != 1) { fprintf(stderr, "HOST must be an IPv4 address\n"); return 2; }
  snprintf(run_id, sizeof run_id, "%ld-%d", (long)time(NULL), getpid());

  epoll_fd = epoll_create1(0);
  connections = calloc((size_t)connection_count, sizeof(Connection));
  for (int i = 0; i < connection_count; i++) open_connection(&connections[i]);

  long planned = (long)(rate * surge_ms / 1000), arrived = 0;
  double start = now_ms();
  int next_free = 0, all_busy = 0;
  struct epoll_event events[256];
  double next_progress = start + 10000;
  for (;;) {
    double now = now_ms();
    if (now - start >= duration_ms) break;
    if (now >= next_progress) {
      // Every 10 s, what the people have met so far (the script prints these after the run).
      fprintf(stderr, "PROGRESS t=%.0fs arrivals=%ld accepted=%ld returns_503_door=%ld returns_503_early=%ld waiting=%zu\n",
              (now - start) / 1000, sent_new, accepted, back_door, back_early, heap_count);
      next_progress += 10000;
    }
    // Send everything due, each on a free connection, earliest first.
    for (;;) {
      Connection *free_connection = NULL;
      for (int tried = 0; tried < connection_count && !free_connection; tried++) {
        Connection *candidate = &connections[(next_free + tried) % connection_count];
        if (candidate->sending == IDLE) { free_connection = candidate; next_free = (int)(candidate - connections + 1); }
      }
      all_busy = !free_connection;
      if (!free_connection) break;
      if (seed_fetched_at > 0 && now - seed_fetched_at > 60000) seed_wanted = 1;
      if (seed_wanted) {
        if (!seed_fetching) send_seed_request(free_connection);
        break;
      }
      double arrival = arrived < planned ? start + arrived * 1000.0 / rate : -1;
      if (heap_count > 0 && heap[0].due <= now && (arrival < 0 || heap[0].due <= arrival)) {
        Return back = heap_pop();
        if (back.retry) sent_retry++; else sent_back++;
        send_registration(free_connection, back.person, back.ticket[0] ? back.ticket : NULL);
      } else if (arrival >= 0 && arrival <= now) {
        double behind = now - arrival;
        if (behind > LATE_MS) late++;
        if (behind > worst_late) worst_late = behind;
        sent_new++;
        send_registration(free_connection, (uint32_t)(++arrived), NULL);
      } else {
        break;
      }
    }
    double next = start + duration_ms;
    if (arrived < planned) { double arrival = start + arrived * 1000.0 / rate; if (arrival < next) next = arrival; }
    if (heap_count > 0 && heap[0].due < next) next = heap[0].due;
    // With every connection busy nothing can be sent before an answer comes: wait for one
    // rather than spin.
    int timeout = all_busy ? 100 : (int)(next - now_ms());
    if (timeout < 0) timeout = 0;
    int ready = epoll_wait(epoll_fd, events, 256, timeout);
    for (int i = 0; i < ready; i++) {
      Connection *connection = events[i].data.ptr;
      if (events[i].events & EPOLLOUT) {
        flush(connection);
        if (connection->out_done == connection->out_length) {
          struct epoll_event event = { .events = EPOLLIN, .data.ptr = connection };
          epoll_ctl(epoll_fd, EPOLL_CTL_MOD, connection->fd, &event);
        }
      }
      if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) receive(connection);
    }
  }

  long in_flight = 0;
  for (int i = 0; i < connection_count; i++) in_flight += connections[i].sending == NEW || connections[i].sending == BACK;
  long p50 = -1, p99 = -1, seen = 0;
  for (long ms = 0; ms <= 10000; ms++) {
    seen += latency_ms[ms];
    if (p50 < 0 && seen * 2 >= accepted) p50 = ms;
    if (p99 < 0 && seen * 100 >= accepted * 99) p99 = ms;
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  printf("RESULT arrivals=%ld returns=%ld returns_503_door=%ld returns_503_early=%ld retries=%ld accepted=%ld queued_503=%ld short_proof=%ld expired_proof=%ld other=%ld still_waiting=%zu "
         "in_flight=%ld late_arrivals=%ld worst_late_ms=%.0f seed_fetches=%ld socket_errors=%ld "
         "client_202_p50_ms=%ld client_202_p99_ms=%ld generator_cpu_s=%.1f seconds=%.1f\n",
         sent_new, sent_back, back_door, back_early, sent_retry, accepted, queued, short_proof, expired_proof, other, heap_count, in_flight, late, worst_late,
         seed_fetches, socket_errors, p50, p99, cpu, (now_ms() - start) / 1000);
  return 0;
}
