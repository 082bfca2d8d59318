using System;
using System.IO;
using ModelGen.Forecasting;

namespace ModelGen.Tests;

public class CsvSeriesTests
{
    private static CsvSeries Read(string text, params string[] columns) => CsvSeries.Read(new StringReader(text), columns, "data.csv");

    [Fact]
    public void Reads_the_chosen_columns_in_the_order_asked_for()
    {
        CsvSeries series = Read("date,demand,\"temperature\" , note\n2024-01-01,10.5, -3 ,\"a, b\"\n2024-01-02,11,1e1,c\n", "temperature", "demand");

        Assert.Equal(["temperature", "demand"], series.Columns);
        Assert.Equal(2, series.Length);
        Assert.Equal(new float[,] { { -3f, 10.5f }, { 10f, 11f } }, series.Values);
        Assert.Equal(1, series.IndexOf("demand"));
        Assert.Contains("temperature, demand", Assert.Throws<ArgumentException>(() => series.IndexOf("note")).Message);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,x\n", "line 3: column 'b' is 'x'; expected a finite number")]
    [InlineData("a,b\n1,2\n3,\n", "line 3: column 'b' is empty")]
    [InlineData("a,b\n1,2\n3\n", "line 3: column 'b' is empty")]
    [InlineData("a,b\n1,NaN\n", "line 2: column 'b' is 'NaN'")]
    [InlineData("a,c\n1,2\n", "has no column 'b'; its columns are a, c")]
    [InlineData("", "is empty: expected a header row")]
    [InlineData("a,b\n", "has a header but no rows")]
    [InlineData("a,b,a\n1,2,3\n", "has 2 columns named 'a' (columns 1 and 3 of the header)")]
    public void A_bad_file_is_an_error_that_names_the_line_and_column(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(text, "a", "b"));

        Assert.StartsWith("data.csv", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_column_asked_for_twice_is_an_argument_error_and_a_file_column_not_asked_for_may_repeat()
    {
        var error = Assert.Throws<ArgumentException>(() => Read("a,b\n1,2\n", "a", "b", "a"));
        CsvSeries series = Read("a,note,note,b\n1,x,y,2\n", "b", "a");

        Assert.Contains("a, b, a names one twice", error.Message);
        Assert.Equal(new float[,] { { 2f, 1f } }, series.Values);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => CsvSeries.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv"), ["a"]));
    }

    [Fact]
    public void The_shipped_macrodata_series_reads_whole()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "macrodata.csv");

        CsvSeries series = CsvSeries.Read(path, ["unemp", "infl", "tbilrate"]);

        Assert.Equal(203, series.Length);
        Assert.Equal(5.8f, series.Values[0, 0]);     // 1959Q1 unemployment
        Assert.Equal(9.6f, series.Values[202, 0]);   // 2009Q3
    }
}
