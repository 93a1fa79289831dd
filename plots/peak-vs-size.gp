# peak-vs-size.gp - peak heap (or another measure: ylab and note say
# which) against input size, log-log, for the submission, the pitfall and
# the reference, fitted exponents in the legend.  Run by the grader
# (grader/grading/plot.c, through grader/tools/gnuplot.c) in a folder of its own, as
#   gnuplot -c chart.gp TITLE UNIT SUB PIT REF YLAB NOTE YSCALE
# Every argument is text to show, never code; YSCALE is "log" or "linear"
# (the grader says "linear" when a value is 0: a log axis cannot draw 0,
# and a submission whose peak is 0 B must still show on its chart).
# Reads data.dat (columns: size, submission, pitfall, reference, bytes;
# ? = not measured).  Writes chart.png, chart.svg and chart.txt (a
# terminal chart for the report).

if (ARGC < 8) { print "usage: gnuplot -c peak-vs-size.gp TITLE UNIT SUB PIT REF YLAB NOTE YSCALE"; exit status 2 }
title = ARG1; unit = ARG2; sub = ARG3; pit = ARG4; ref = ARG5; ylab = ARG6; note = ARG7
linear = (ARG8 eq 'linear')

set datafile missing '?'
set logscale x 2
set key top left box opaque noenhanced
set grid
set offsets 0, 0, graph 0.1, graph 0.1
set title title."\n".note noenhanced
set xlabel sprintf('input size (%s)', unit) noenhanced
set style data linespoints
if (linear) {
  # bytes drawn in KiB; the margins keep a point at 0 off the frame
  scale = 1024.0
  set format y '%g'
  set ylabel ylab.' (KiB)' noenhanced
} else {
  scale = 1.0
  set logscale y 2
  set ylabel ylab noenhanced
  set ytics ('1 KiB' 1024, '4 KiB' 4096, '16 KiB' 16384, '64 KiB' 65536, \
             '256 KiB' 262144, '1 MiB' 1048576, '4 MiB' 4194304, '16 MiB' 16777216, \
             '64 MiB' 67108864, '256 MiB' 268435456, '1 GiB' 1073741824, '4 GiB' 4294967296.)
}

chart = "plot 'data.dat' using 1:($3 / scale) title pit lw 2 pt 7 lc rgb '#c0392b', \
              '' using 1:($4 / scale) title ref lw 2 pt 5 lc rgb '#27ae60', \
              '' using 1:($2 / scale) title sub lw 3 pt 9 ps 1.5 lc rgb '#2c3e50'"

set terminal pngcairo noenhanced size 900,600 font ',11'
set output 'chart.png'
eval chart
set terminal svg noenhanced size 900,600 font ',11'
set output 'chart.svg'
eval chart
set terminal dumb size 79,24
set output 'chart.txt'
set key top left nobox
eval chart
