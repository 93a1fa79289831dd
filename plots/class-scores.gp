# class-scores.gp - one lab's scores across a class: how many students in
# each tenth of the points.  Run by class mode (grader/class/classreport.c,
# through grader/tools/gnuplot.c) in a folder of its own, as
#   gnuplot -c chart.gp TITLE MAX
# Every argument is text, never code (MAX is read as a number).  Reads
# data.dat (columns: bin centre, students, bin start, bin end, points).
# Writes chart.png and chart.svg.

if (ARGC < 2) { print "usage: gnuplot -c class-scores.gp TITLE MAX"; exit status 2 }
title = ARG1; max = real(ARG2)

set title title noenhanced
set xlabel sprintf('score (of %g)', max)
set ylabel 'students'
set xrange [0:max]
stats 'data.dat' using 2 nooutput
set yrange [0 : STATS_max * 1.15 + 0.5]
if (STATS_max <= 10) { set ytics 1 }
set xtics max / 10.0
set grid ytics
set key off
set style fill solid 0.8 border rgb '#2c3e50'
set boxwidth max / 10.0 * 0.9 absolute

chart = "plot 'data.dat' using 1:2 with boxes lc rgb '#2980b9', \
              '' using 1:2:(sprintf('%d', $2)) with labels offset 0,0.7"

set terminal pngcairo noenhanced size 900,500 font ',11'
set output 'chart.png'
eval chart
set terminal svg noenhanced size 900,500 font ',11'
set output 'chart.svg'
eval chart
