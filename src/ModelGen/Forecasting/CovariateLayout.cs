using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Forecasting;

/// <summary>
/// What a covariate window reads from a series (<c>series[time, feature]</c>) and how far: the
/// <see cref="InputSteps"/> rows before the first target row, of the <see cref="PastColumns"/> (past covariates,
/// the target's own past among them if listed); the <see cref="Horizon"/> target rows of the
/// <see cref="TargetColumns"/>; and, over exactly those target rows, the <see cref="KnownFutureColumns"/>, values
/// known ahead at forecast time (a calendar, a price list, planned promotions). Nothing else of a target row or
/// later reaches a window's inputs. Used by <see cref="Windowing.Create(float[,], CovariateLayout, Range?, int, SeriesStatics?)"/>.
/// </summary>
/// <example>
/// Ten past hours of all columns, the next five hours of column 0 to forecast, and the calendar in columns 3–6
/// known over those five hours:
/// <c>new CovariateLayout(10, 5, [0]) { KnownFutureColumns = [3, 4, 5, 6] }</c>.
/// </example>
public sealed record CovariateLayout
{
    private readonly IReadOnlyList<int>? _pastColumns;
    private readonly IReadOnlyList<int> _knownFutureColumns = [];

    /// <summary>Describes windows of <paramref name="inputSteps"/> past rows and <paramref name="horizon"/> target rows.</summary>
    /// <param name="inputSteps">Past rows each window sees: at least one.</param>
    /// <param name="horizon">Target rows each window forecasts: at least one.</param>
    /// <param name="targetColumns">The columns to forecast, in target order: at least one, each once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSteps"/> or <paramref name="horizon"/> is below one, or a column is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="targetColumns"/> is empty or names a column twice.</exception>
    public CovariateLayout(int inputSteps, int horizon, IReadOnlyList<int> targetColumns)
    {
        if (inputSteps <= 0) throw new ArgumentOutOfRangeException(nameof(inputSteps), inputSteps, $"Each window needs at least one input step; got {inputSteps}.");
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be at least one step; got {horizon}.");
        InputSteps = inputSteps;
        Horizon = horizon;
        TargetColumns = Checked(targetColumns, nameof(targetColumns), nameof(TargetColumns), allowEmpty: false);
    }

    /// <summary>Past rows each window sees.</summary>
    public int InputSteps { get; }

    /// <summary>Target rows each window forecasts.</summary>
    public int Horizon { get; }

    /// <summary>The columns to forecast, in target order.</summary>
    public IReadOnlyList<int> TargetColumns { get; }

    /// <summary>
    /// The columns of the past window, in order: null (the default) for every column of the series, as
    /// <see cref="Windowing.Create(float[,], int, int, IReadOnlyList{int}, Range?, int)"/> cuts them.
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty list (leave it null for every column) or one that names a column twice.</exception>
    public IReadOnlyList<int>? PastColumns
    {
        get => _pastColumns;
        init => _pastColumns = value is null ? null : Checked(value, nameof(value), nameof(PastColumns), allowEmpty: false);
    }

    /// <summary>
    /// The columns known ahead, read over the window's target rows; none by default. A target column may not be
    /// among them: its values over the horizon are what the window asks for.
    /// </summary>
    /// <exception cref="ArgumentException">Set to null, to a list that names a column twice, or to one that holds a target column.</exception>
    public IReadOnlyList<int> KnownFutureColumns
    {
        get => _knownFutureColumns;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(KnownFutureColumns));
            int[] columns = Checked(value, nameof(value), nameof(KnownFutureColumns), allowEmpty: true);
            foreach (int column in columns)
            {
                if (TargetColumns.Contains(column))
                    throw new ArgumentException(
                        $"KnownFutureColumns holds column {column}, which is a target column ({Format(TargetColumns)}): a target is not known ahead, " +
                        "and reading it over the horizon would put the answers into the inputs. Remove it from KnownFutureColumns.", nameof(value));
            }
            _knownFutureColumns = columns;
        }
    }

    /// <summary>The past window's columns for a series of <paramref name="seriesColumns"/> columns.</summary>
    public IReadOnlyList<int> PastColumnsOf(int seriesColumns) => _pastColumns ?? Enumerable.Range(0, seriesColumns).ToArray();

    /// <summary>Throws unless every column named lies in a series of <paramref name="seriesColumns"/> columns.</summary>
    internal void CheckColumns(int seriesColumns, string parameterName)
    {
        foreach ((string name, IReadOnlyList<int>? columns) in new[] { (nameof(TargetColumns), TargetColumns), (nameof(PastColumns), _pastColumns), (nameof(KnownFutureColumns), _knownFutureColumns) })
        {
            foreach (int column in columns ?? [])
            {
                if (column >= seriesColumns)
                    throw new ArgumentOutOfRangeException(parameterName, column,
                        $"The layout's {name} holds column {column}, but the series has {seriesColumns} columns (0..{seriesColumns - 1}).");
            }
        }
    }

    internal static string Format(IEnumerable<int> columns) => "[" + string.Join(", ", columns) + "]";

    private static int[] Checked(IReadOnlyList<int> columns, string parameterName, string property, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(columns, parameterName);
        if (!allowEmpty && columns.Count == 0)
            throw new ArgumentException(property == nameof(PastColumns)
                ? "PastColumns is empty; a window needs at least one past column (leave PastColumns null for every column of the series)."
                : $"{property} is empty; at least one column is needed.", parameterName);
        var seen = new HashSet<int>();
        foreach (int column in columns)
        {
            if (column < 0) throw new ArgumentOutOfRangeException(parameterName, column, $"{property} holds column {column}; columns are numbered from 0.");
            if (!seen.Add(column)) throw new ArgumentException($"{property} holds column {column} twice ({Format(columns)}); name each column once.", parameterName);
        }
        return [.. columns];
    }
}

/// <summary>
/// What is known about a whole series and so the same in each of its windows: static values (a store's size, a
/// sensor's altitude) and categorical ids (the store, the product). A window set of several series is made by
/// cutting each with its own statics and joining them with <see cref="CovariateWindowSet.Concat"/>.
/// </summary>
public sealed record SeriesStatics
{
    private readonly IReadOnlyList<float> _values = [];
    private readonly IReadOnlyList<long> _categories = [];

    /// <summary>Static real values, in order; none by default. Each must be a finite number.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public IReadOnlyList<float> Values
    {
        get => _values;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Values));
            for (int i = 0; i < value.Count; i++)
            {
                if (!float.IsFinite(value[i]))
                    throw new ArgumentException($"Values[{i}] is {value[i]}; a static value must be a finite number.", nameof(value));
            }
            _values = [.. value];
        }
    }

    /// <summary>Categorical ids, one per categorical input of the model, in order; none by default. Each is 0 or more.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is negative.</exception>
    public IReadOnlyList<long> Categories
    {
        get => _categories;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Categories));
            for (int i = 0; i < value.Count; i++)
            {
                if (value[i] < 0)
                    throw new ArgumentOutOfRangeException(nameof(value), value[i], $"Categories[{i}] is {value[i]}; a category id is 0 or more.");
            }
            _categories = [.. value];
        }
    }
}
