# heap-over-time.gp - heap over the run at the largest size, the pitfall
# against the submission, each peak marked.  Called by the grader
# (grader/plot.c) with (pit_file='' draws the submission alone):
#   gnuplot -e "sub_file='…'; pit_file='…'; out='…'; title='…'; \
#               sub='…'; pit='…'" plots/heap-over-time.gp
# Data columns: progress through the run (% of massif's clock: bytes
# allocated plus bytes freed), heap (mem_heap_B + mem_heap_extra_B, bytes),
# and 1 on the peak snapshot.  Writes out.png and out.svg.

set key top left box opaque
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

chart = "plot pit_file using 1:(mib($2)) title pit lw 2 lc rgb '#c0392b', \
              sub_file using 1:(mib($2)) title sub lw 3 lc rgb '#2c3e50', \
              pit_file using 1:(peak(0)) with points pt 7 ps 2 lc rgb '#c0392b' title 'peak', \
              sub_file using 1:(peak(0)) with points pt 9 ps 2 lc rgb '#2c3e50' notitle"
# pit_file = '': no baseline was measured (grade --no-baseline): the submission alone
if (pit_file eq '') { \
  chart = "plot sub_file using 1:(mib($2)) title sub lw 3 lc rgb '#2c3e50', \
                sub_file using 1:(peak(0)) with points pt 9 ps 2 lc rgb '#2c3e50' title 'peak'" }

set terminal pngcairo noenhanced size 900,600 font ',11'
set output out.'.png'
eval chart
set terminal svg noenhanced size 900,600 font ',11'
set output out.'.svg'
eval chart
