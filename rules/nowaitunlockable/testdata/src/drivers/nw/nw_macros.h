/* A local header's macro that reaches the GUP API: its users mention no GUP word. */
#define NW_PIN_ASYNC(addr, pages) pin_user_pages_unlocked(addr, 1, pages, FOLL_NOWAIT)
