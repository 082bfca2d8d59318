using System;
using System.IO;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class PanelCsvTests
{
    private static PanelCsv Read(string text, string? time = "date", params string[] columns) =>
        PanelCsv.Read(new StringReader(text), "store", time, columns.Length > 0 ? columns : ["sales", "price"], "sales.csv");

    [Fact]
    public void Interleaved_rows_become_one_series_per_id_in_the_order_ids_first_appear()
    {
        PanelCsv panel = Read("""
            date,store,price,sales
            2024-01-01,north,3.5,12
            2024-01-01,south,3.4,7
            2024-01-02,north,3.5,15
            2024-01-02,south,3.3,8
            2024-01-03,south,3.3,9
            """);

        Assert.Equal(["north", "south"], panel.Ids);
        Assert.Equal(["sales", "price"], panel.Columns);
        Assert.Equal(new float[,] { { 12, 3.5f }, { 15, 3.5f } }, panel.Series[0]);
        Assert.Equal(new float[,] { { 7, 3.4f }, { 8, 3.3f }, { 9, 3.3f } }, panel.Series[1]);

        using SeriesTensor series = panel.ToTensor();
        using SeriesWindows windows = series.Windows(new CovariateLayout(1, 1, [0]));
        using Tensor all = windows.All();
        using Tensor ids = windows.Categories(all);
        // One window in north (its second row), two in south: each carries its series' number as its category.
        Assert.Equal([0L, 1, 1], ids.data<long>().ToArray());
    }

    [Theory]
    [InlineData("store,date,sales,price\nnorth,2,1,1\nnorth,1,1,1\n", "line 3, series 'north': time 1 does not come after 2 (line 2)")]
    [InlineData("store,date,sales,price\nnorth,2024-01-02,1,1\nsouth,2024-01-01,1,1\nnorth,2024-01-02,1,1\n", "line 4, series 'north': time 2024-01-02 does not come after 2024-01-02 (line 2)")]
    [InlineData("store,date,sales,price\nnorth,yesterday,1,1\n", "line 2, series 'north': column 'date' is 'yesterday'")]
    [InlineData("store,date,sales,price\nnorth,1,1,1\nsouth,2,,1\n", "line 3, series 'south': column 'sales' is empty")]
    [InlineData("store,date,sales,price\nnorth,1,1,x\n", "line 2, series 'north': column 'price' is 'x'; expected a finite number")]
    [InlineData("store,date,sales,price\n,1,1,1\n", "line 2: column 'store' is empty; every row names its series")]
    [InlineData("store,date,sales\nnorth,1,1\n", "has no column 'price'; its columns are store, date, sales")]
    [InlineData("store,date,sales,price,sales\nnorth,1,1,1,1\n", "has 2 columns named 'sales' (columns 3 and 5 of the header)")]
    [InlineData("store,date,sales,price\n", "has a header but no rows")]
    [InlineData("", "is empty")]
    public void A_bad_table_is_an_error_naming_the_line_column_and_series(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(text));

        Assert.StartsWith("sales.csv", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Without_a_time_column_rows_are_taken_in_file_order_and_a_column_asked_twice_is_refused()
    {
        PanelCsv panel = Read("store,sales,price\na,1,2\nb,3,4\na,5,6\n", time: null);

        Assert.Equal(new float[,] { { 1, 2 }, { 5, 6 } }, panel.Series[0]);
        Assert.Contains("names one twice", Assert.Throws<ArgumentException>(() => Read("store,sales\na,1\n", null, "sales", "store")).Message);
    }
}
