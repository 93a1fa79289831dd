# class-peaks.gp - every student's peak heap at a lab's largest size, one
# point each, smallest first, against the lab's pitfall and reference
# solution (horizontal lines).  Run by class mode (grader/class/classreport.c,
# through grader/tools/gnuplot.c) in a folder of its own, as
#   gnuplot -c chart.gp TITLE PIT REF UNIT SCALE
# Every argument is text, never code: PIT and REF are their peaks in bytes
# (0 when not measured), read as numbers; the axis shows bytes / SCALE, in
# UNIT.  Reads data.dat (columns: rank, peak heap in bytes).  Writes
# chart.png and chart.svg.

if (ARGC < 5) { print "usage: gnuplot -c class-peaks.gp TITLE PIT REF UNIT SCALE"; exit status 2 }
title = ARG1; pit = real(ARG2); ref = real(ARG3); unit = ARG4; scale = real(ARG5)

set title title."\n(peak = largest mem_heap_B + mem_heap_extra_B over massif's snapshots)" noenhanced
set xlabel 'students, smallest peak first'
set format y '%g'
set grid xtics ytics
set key top left box opaque
stats 'data.dat' using 1:2 nooutput
n = STATS_records
set xrange [0.5 : n + 0.5]
if (n <= 20) { set xtics 1 }
# the y range holds the students and both lines; log scale when they span a factor of 8
low = STATS_min_y; high = STATS_max_y
if (pit > 0) { low = (pit < low ? pit : low); high = (pit > high ? pit : high) }
if (ref > 0) { low = (ref < low ? ref : low); high = (ref > high ? ref : high) }
if (high > 8 * low && low > 0) {
  set logscale y
  set yrange [low / scale / 1.5 : high / scale * 1.5]
  set ytics ()
  do for [e = -3:6] { do for [m in '1 2 5'] { set ytics add (sprintf('%g', m * 10.0**e) m * 10.0**e) } }
  set ylabel sprintf('peak heap at the largest size (%s, log scale)', unit) noenhanced
} else {
  set yrange [0 : high / scale * 1.15 + 1]
  set key bottom right
  set ylabel sprintf('peak heap at the largest size (%s)', unit) noenhanced
}

line(v) = (v > 0 ? v / scale : NaN)
chart = "plot line(pit) title 'pitfall' with lines lw 2 dt 2 lc rgb '#c0392b', \
              line(ref) title 'reference' with lines lw 2 dt 2 lc rgb '#27ae60', \
              'data.dat' using 1:($2 / scale) title 'a student' with points pt 7 ps 1.3 lc rgb '#2c3e50'"

set terminal pngcairo noenhanced size 900,600 font ',11'
set output 'chart.png'
eval chart
set terminal svg noenhanced size 900,600 font ',11'
set output 'chart.svg'
eval chart
