/* The POSIX board's own settings (board-posix.c). */
#ifndef PORT_BOARD_POSIX_H
#define PORT_BOARD_POSIX_H

/* The file holding the saved NV region; NULL keeps it in memory only. */
void board_posix_configure(const char* nvFilePath);

#endif
