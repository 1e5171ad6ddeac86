package data_test

import (
	"fmt"

	"github.com/descentlab/descent/pkg/data"
)

func ExampleRegression() {
	ds, truth, err := data.Regression[float64](64, 3, 0.1, 20240615)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d rows × %d features\n", ds.Len(), ds.Features())
	fmt.Printf("true weight %v, bias %v\n", truth.Weight, truth.Bias)
	for i := range 2 {
		x := ds.Row(i)
		fmt.Printf("x = (%.4g, %.4g, %.4g), y = %.4g\n", x[0], x[1], x[2], ds.Y[i])
	}
	// Output:
	// 64 rows × 3 features
	// true weight [1 0.5 -0.5], bias -1
	// x = (2.483, -0.7598, 0.5752), y = 0.7031
	// x = (0.7852, -0.6367, 0.5684), y = -0.7158
}

func ExampleNewBatches() {
	it, err := data.NewBatches(10, 4, data.Shuffle(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	for epoch := range 2 {
		for batch := range it.Epoch() {
			fmt.Println("epoch", epoch, "batch", batch)
		}
	}
	// Output:
	// epoch 0 batch [9 2 3 0]
	// epoch 0 batch [4 6 8 7]
	// epoch 0 batch [5 1]
	// epoch 1 batch [9 3 2 1]
	// epoch 1 batch [7 6 4 0]
	// epoch 1 batch [5 8]
}

// Replaying recorded orders, with the short last batch dropped.
func ExampleOrders() {
	orders := [][]int{{4, 2, 0, 1, 3}, {0, 1, 2, 3, 4}}
	it, err := data.NewBatches(5, 2, data.Orders(orders), data.DropLast())
	if err != nil {
		fmt.Println(err)
		return
	}
	for epoch := range 3 {
		for batch := range it.Epoch() {
			fmt.Println("epoch", epoch, "batch", batch)
		}
	}

	_, err = data.NewBatches(5, 2, data.Orders([][]int{{0, 1, 2, 2, 4}}))
	fmt.Println(err)
	// Output:
	// epoch 0 batch [4 2]
	// epoch 0 batch [0 1]
	// epoch 1 batch [0 1]
	// epoch 1 batch [2 3]
	// epoch 2 batch [4 2]
	// epoch 2 batch [0 1]
	// data: order 0: index 2 appears twice, at positions 2 and 3
}

func ExampleDataset_Gather() {
	ds, err := data.MultiClass[float32](90, 3, 0.2, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	const batchSize = 4
	it, err := data.NewBatches(ds.Len(), batchSize, data.Shuffle(2), data.DropLast())
	if err != nil {
		fmt.Println(err)
		return
	}
	// Buffers allocated once, refilled for every batch.
	x := make([]float32, batchSize*ds.Features())
	y := make([]float32, batchSize)
	labels := make([]int, batchSize)
	for batch := range it.Epoch() {
		if err := ds.Gather(x, y, batch); err != nil {
			fmt.Println(err)
			return
		}
		if err := ds.GatherLabels(labels, batch); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("rows %v: labels %v, first x (%.4g, %.4g)\n", batch, labels, x[0], x[1])
		break // one batch is enough for the example
	}
	fmt.Println(it.NumBatches(), "batches per epoch")
	// Output:
	// rows [60 61 77 41]: labels [0 1 2 2], first x (-0.623, 0.2803)
	// 22 batches per epoch
}

func ExampleTwoClass() {
	ds, err := data.TwoClass[float64](101, 0.5, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	count := make([]int, ds.NumClasses)
	for _, l := range ds.Labels {
		count[l]++
	}
	fmt.Println("class sizes", count)
	train, test, err := ds.Split(0.25, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("train", train.Len(), "test", test.Len())
	// Output:
	// class sizes [51 50]
	// train 76 test 25
}
