#include <cstdio>
int main() { std::puts("gongwen: under construction"); return 0; }
