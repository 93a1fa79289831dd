# class-peaks.gp - every student's peak heap at a lab's largest size, one
# point each, smallest first, against the lab's pitfall and reference
# solution (horizontal lines).  Called by class mode (grader/classreport.c):
#   gnuplot -e "datafile='…'; out='…'; title='…'; pit=…; ref=…; unit='KiB'; scale=1024" \
#           plots/class-peaks.gp
# pit, ref: their peaks in bytes, or 0 when not measured; the axis shows
# bytes / scale, in unit.  datafile columns: rank, peak heap (bytes).
# Writes out.png and out.svg.

set title title."\n(peak = largest mem_heap_B + mem_heap_extra_B over massif's snapshots)" noenhanced
set xlabel 'students, smallest peak first'
set format y '%g'
set grid xtics ytics
set key top left box opaque
stats datafile using 1:2 nooutput
n = STATS_records
set xrange [0.5 : n + 0.5]
if (n <= 20) { set xtics 1 }
# the y range holds the students and both lines; log scale when they span a factor of 8
low = STATS_min_y; high = STATS_max_y
if (pit > 0) { low = (pit < low ? pit : low); high = (pit > high ? pit : high) }
if (ref > 0) { low = (ref < low ? ref : low); high = (ref > high ? ref : high) }
if (high > 8 * low) {
  set logscale y
  set yrange [low / scale / 1.5 : high / scale * 1.5]
  set ytics ()
  do for [e = -3:6] { do for [m in '1 2 5'] { set ytics add (sprintf('%g', m * 10.0**e) m * 10.0**e) } }
  set ylabel sprintf('peak heap at the largest size (%s, log scale)', unit)
} else {
  set yrange [0 : high / scale * 1.15]
  set key bottom right
  set ylabel sprintf('peak heap at the largest size (%s)', unit)
}

line(v) = (v > 0 ? v * 1.0 / scale : NaN)   # (pit, ref, scale are integers: no integer division)
chart = "plot line(pit) title 'pitfall' with lines lw 2 dt 2 lc rgb '#c0392b', \
              line(ref) title 'reference' with lines lw 2 dt 2 lc rgb '#27ae60', \
              datafile using 1:($2 / scale) title 'a student' with points pt 7 ps 1.3 lc rgb '#2c3e50'"

set terminal pngcairo noenhanced size 900,600 font ',11'
set output out.'.png'
eval chart
set terminal svg noenhanced size 900,600 font ',11'
set output out.'.svg'
eval chart
