using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class SeriesPanelTests
{
    private static SeriesPanel Read(string text, string? time = "date", params string[] columns) =>
        SeriesPanel.ReadCsv(new StringReader(text), "store", time, columns.Length > 0 ? columns : ["sales", "price"], "sales.csv");

    [Fact]
    public void Interleaved_rows_become_one_series_per_id_in_the_order_ids_first_appear()
    {
        SeriesPanel panel = Read("""
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
        SeriesPanel panel = Read("store,sales,price\na,1,2\nb,3,4\na,5,6\n", time: null);

        Assert.Equal(new float[,] { { 1, 2 }, { 5, 6 } }, panel.Series[0]);
        Assert.Contains("names one twice", Assert.Throws<ArgumentException>(() => Read("store,sales\na,1\n", null, "sales", "store")).Message);
    }

    /// <summary>Writes a Parquet file of stores, dates, sales and prices in <paramref name="groups"/> row groups.</summary>
    private static async System.Threading.Tasks.Task<string> WriteParquet(string[] stores, DateTime[] dates, double[] sales, float?[] prices, int groups)
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-panel-{Guid.NewGuid():N}.parquet");
        var schema = new Parquet.Schema.ParquetSchema(
            new Parquet.Schema.DataField<string>("store"), new Parquet.Schema.DataField<DateTime>("date"),
            new Parquet.Schema.DataField<double>("sales"), new Parquet.Schema.DataField<float?>("price"));
        await using (FileStream stream = File.Create(path))
        await using (Parquet.ParquetWriter writer = await Parquet.ParquetWriter.CreateAsync(schema, stream))
        {
            int per = (stores.Length + groups - 1) / groups;
            for (int start = 0; start < stores.Length; start += per)
            {
                int n = Math.Min(per, stores.Length - start);
                using Parquet.ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync(schema.DataFields[0], (IReadOnlyCollection<string?>)stores[start..(start + n)]);
                await group.WriteAsync(schema.DataFields[1], new ReadOnlyMemory<DateTime>(dates, start, n));
                await group.WriteAsync(schema.DataFields[2], new ReadOnlyMemory<double>(sales, start, n));
                await group.WriteAsync(schema.DataFields[3], new ReadOnlyMemory<float?>(prices, start, n));
            }
        }
        return path;
    }

    [Fact]
    public async System.Threading.Tasks.Task A_Parquet_file_in_row_groups_reads_as_the_same_table_in_CSV_does()
    {
        string[] stores = ["north", "south", "north", "south", "south"];
        DateTime[] dates = [new(2024, 1, 1), new(2024, 1, 1), new(2024, 1, 2), new(2024, 1, 2), new(2024, 1, 3)];
        string path = await WriteParquet(stores, dates, [12, 7, 15, 8, 9], [3.5f, 3.4f, 3.5f, 3.3f, 3.3f], groups: 2);
        try
        {
            SeriesPanel parquet = SeriesPanel.ReadParquet(path, "store", "date", ["sales", "price"]);
            SeriesPanel csv = Read("store,date,sales,price\nnorth,2024-01-01,12,3.5\nsouth,2024-01-01,7,3.4\nnorth,2024-01-02,15,3.5\nsouth,2024-01-02,8,3.3\nsouth,2024-01-03,9,3.3\n");

            Assert.Equal(csv.Ids, parquet.Ids);
            Assert.Equal(csv.Series[0], parquet.Series[0]);
            Assert.Equal(csv.Series[1], parquet.Series[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task A_Parquet_null_value_a_time_out_of_order_across_row_groups_or_a_missing_column_is_an_error_naming_the_row_and_series()
    {
        string[] stores = ["north", "south", "north", "south"];
        DateTime[] ordered = [new(2024, 1, 1), new(2024, 1, 1), new(2024, 1, 2), new(2024, 1, 2)];
        DateTime[] unordered = [new(2024, 1, 2), new(2024, 1, 1), new(2024, 1, 1), new(2024, 1, 2)];
        string withNull = await WriteParquet(stores, ordered, [1, 2, 3, 4], [1f, 2f, null, 4f], groups: 1);
        string backwards = await WriteParquet(stores, unordered, [1, 2, 3, 4], [1f, 2f, 3f, 4f], groups: 2);
        try
        {
            Assert.Contains("row 3, series 'north': column 'price' is null; expected a finite number",
                Assert.Throws<InvalidDataException>(() => SeriesPanel.ReadParquet(withNull, "store", "date", ["sales", "price"])).Message);
            Assert.Contains("row 3, series 'north': time 2024-01-01T00:00:00.0000000 does not come after 2024-01-02T00:00:00.0000000 (row 1)",
                Assert.Throws<InvalidDataException>(() => SeriesPanel.ReadParquet(backwards, "store", "date", ["sales", "price"])).Message);
            Assert.Contains("has no column 'promo'; its columns are store, date, sales, price",
                Assert.Throws<InvalidDataException>(() => SeriesPanel.ReadParquet(withNull, "store", "date", ["sales", "promo"])).Message);
            Assert.Contains("column 'sales' holds Double, not an id (strings or integers)",
                Assert.Throws<InvalidDataException>(() => SeriesPanel.ReadParquet(withNull, "sales", null, ["price"])).Message);
            string notParquet = Path.Combine(Path.GetTempPath(), $"modelgen-{Guid.NewGuid():N}.parquet");
            File.WriteAllText(notParquet, "store,sales\n");
            try
            {
                Assert.Contains("is not a readable Parquet file", Assert.Throws<InvalidDataException>(() => SeriesPanel.ReadParquet(notParquet, "store", null, ["sales"])).Message);
            }
            finally
            {
                File.Delete(notParquet);
            }
        }
        finally
        {
            File.Delete(withNull);
            File.Delete(backwards);
        }
    }
}
