/*
 * The virtual pump's serial device: a pseudo-terminal pair created with openpty(3), so any serial
 * terminal or the serialport library can open the slave path as if it were a USB-serial adapter
 * (docs/decisions/0005-virtual-serial-device.md). Plain N-API, no dependency beyond node_api.h.
 *
 *   open() -> { masterFd, slaveFd, slavePath }
 *
 * The slave is put in raw mode (cfmakeraw) so every byte passes unmodified: no echo, no CR/LF
 * translation, no XON/XOFF (0x11/0x13), no signal characters (0x03), 8 data bits. Both descriptors
 * are close-on-exec so a child process never keeps the device alive by accident; the master is
 * non-blocking.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <util.h>
#else
#include <pty.h>
#endif

static napi_value throw_errno(napi_env env, const char *what, int error) {
  char message[256];
  snprintf(message, sizeof message, "%s failed: %s", what, strerror(error));
  napi_throw_error(env, NULL, message);
  return NULL;
}

static int set_cloexec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

/* libuv does not make a pty master non-blocking (it falls back to blocking writes), so a full
 * buffer with no reader would freeze the event loop; the host writes with EAGAIN instead. */
static int set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static napi_value set_int(napi_env env, napi_value object, const char *name, int value) {
  napi_value number;
  if (napi_create_int32(env, value, &number) != napi_ok) return NULL;
  if (napi_set_named_property(env, object, name, number) != napi_ok) return NULL;
  return object;
}

static napi_value open_pty(napi_env env, napi_callback_info info) {
  (void)info;
  int master_fd = -1, slave_fd = -1;
  if (openpty(&master_fd, &slave_fd, NULL, NULL, NULL) != 0) return throw_errno(env, "openpty", errno);

  char slave_path[128];
  struct termios raw;
  int error = 0;
  const char *step = NULL;
  if ((error = ttyname_r(slave_fd, slave_path, sizeof slave_path)) != 0) step = "ttyname_r";
  else if (tcgetattr(slave_fd, &raw) != 0) { error = errno; step = "tcgetattr"; }
  else {
    cfmakeraw(&raw);
    raw.c_cflag |= CLOCAL | CREAD;
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(slave_fd, TCSANOW, &raw) != 0) { error = errno; step = "tcsetattr"; }
    else if (set_cloexec(master_fd) != 0 || set_cloexec(slave_fd) != 0) { error = errno; step = "fcntl(FD_CLOEXEC)"; }
    else if (set_nonblocking(master_fd) != 0) { error = errno; step = "fcntl(O_NONBLOCK)"; }
  }
  if (step != NULL) {
    close(master_fd);
    close(slave_fd);
    return throw_errno(env, step, error);
  }

  napi_value result, path;
  if (napi_create_object(env, &result) != napi_ok ||
      set_int(env, result, "masterFd", master_fd) == NULL ||
      set_int(env, result, "slaveFd", slave_fd) == NULL ||
      napi_create_string_utf8(env, slave_path, NAPI_AUTO_LENGTH, &path) != napi_ok ||
      napi_set_named_property(env, result, "slavePath", path) != napi_ok) {
    close(master_fd);
    close(slave_fd);
    napi_throw_error(env, NULL, "openpty: could not build the result object");
    return NULL;
  }
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "open", NAPI_AUTO_LENGTH, open_pty, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "open", fn) != napi_ok) return NULL;
  return exports;
}
