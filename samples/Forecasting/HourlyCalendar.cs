using System;

namespace Forecasting;

/// <summary>
/// Calendar features of an hourly series whose row t is hour t: the hour of day and the position in the week, each
/// as a sine and a cosine (so 23:00 lies next to 00:00 and Sunday next to Monday). They are computed from the row
/// index alone, so they are known exactly for the hours being forecast: the known-future covariates of the sample.
/// The synthetic series' daily and weekly seasons have these periods (SyntheticSeries).
/// </summary>
public static class HourlyCalendar
{
    /// <summary>The columns of <see cref="Of"/>, in order.</summary>
    public static readonly string[] Columns = ["hour sin", "hour cos", "week sin", "week cos"];

    /// <summary>Hours per day and per week.</summary>
    public const int Day = 24, Week = 168;

    /// <summary>The calendar of rows 0 to <paramref name="length"/> − 1: <c>[length, 4]</c>, in the order of <see cref="Columns"/>.</summary>
    public static float[,] Of(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var calendar = new float[length, Columns.Length];
        for (int t = 0; t < length; t++)
        {
            double day = 2 * Math.PI * (t % Day) / Day, week = 2 * Math.PI * (t % Week) / Week;
            calendar[t, 0] = (float)Math.Sin(day);
            calendar[t, 1] = (float)Math.Cos(day);
            calendar[t, 2] = (float)Math.Sin(week);
            calendar[t, 3] = (float)Math.Cos(week);
        }
        return calendar;
    }
}
