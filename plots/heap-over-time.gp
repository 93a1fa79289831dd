# heap-over-time.gp - heap over the run at the largest size, the pitfall
# against the submission, each peak marked.  Run by the grader
# (grader/grading/plot.c, through grader/tools/gnuplot.c) in a folder of its own, as
#   gnuplot -c chart.gp TITLE SUB PIT HAS_PIT
# Every argument is text to show, never code; HAS_PIT is "yes" when the
# pitfall was measured (without baselines the submission is drawn alone).
# Reads sub.dat and pit.dat (columns: progress through the run, % of
# massif's clock: bytes allocated plus bytes freed; heap, mem_heap_B +
# mem_heap_extra_B, bytes; 1 on the peak snapshot).  Writes chart.png and
# chart.svg.

if (ARGC < 4) { print "usage: gnuplot -c heap-over-time.gp TITLE SUB PIT HAS_PIT"; exit status 2 }
title = ARG1; sub = ARG2; pit = ARG3; has_pit = ARG4

set key top left box opaque noenhanced
set grid
set title title noenhanced
set xlabel "progress through the run (% of bytes allocated + freed: massif's clock)"
set ylabel 'heap (MiB)'
set format y '%g'
set xrange [0:100]
set yrange [0:*]
set style data steps
mib(b) = b / 1048576.0
peak(col) = (column(3) > 0 ? mib(column(2)) : NaN)

chart = "plot 'pit.dat' using 1:(mib($2)) title pit lw 2 lc rgb '#c0392b', \
              'sub.dat' using 1:(mib($2)) title sub lw 3 lc rgb '#2c3e50', \
              'pit.dat' using 1:(peak(0)) with points pt 7 ps 2 lc rgb '#c0392b' title 'peak', \
              'sub.dat' using 1:(peak(0)) with points pt 9 ps 2 lc rgb '#2c3e50' notitle"
if (has_pit ne 'yes') { \
  chart = "plot 'sub.dat' using 1:(mib($2)) title sub lw 3 lc rgb '#2c3e50', \
                'sub.dat' using 1:(peak(0)) with points pt 9 ps 2 lc rgb '#2c3e50' title 'peak'" }

set terminal pngcairo noenhanced size 900,600 font ',11'
set output 'chart.png'
eval chart
set terminal svg noenhanced size 900,600 font ',11'
set output 'chart.svg'
eval chart
